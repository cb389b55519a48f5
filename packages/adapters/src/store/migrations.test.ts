import { DuckDBInstance } from '@duckdb/node-api';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { candle } from '../testing/store-contract.js';
import { IN_MEMORY, openDuckDbStore } from './duckdb-store.js';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from './migrations.js';
import { TABLE_NAMES, tableSpec } from './tables.js';

describe('migrations', () => {
  it('the migrated schema matches the table specs (columns, types, nullability; keys kept by the merge)', async () => {
    const store = await openDuckDbStore(IN_MEMORY);
    try {
      for (const table of TABLE_NAMES) {
        const spec = tableSpec(table);
        const described = await store.query(`DESCRIBE ${table}`);
        expect(
          described.map((c) => [c['column_name'], c['column_type'], c['null']]),
          table,
        ).toEqual(spec.columns.map((c) => [c.column, c.type, c.nullable ? 'YES' : 'NO']));
      }
    } finally {
      await store.close();
    }
  });

  it('applies every migration once, in order', async () => {
    const store = await openDuckDbStore(IN_MEMORY);
    try {
      const applied = await store.query('SELECT version FROM schema_migrations ORDER BY version');
      expect(applied.map((m) => m['version'])).toEqual(MIGRATIONS.map((m) => m.version));
    } finally {
      await store.close();
    }
  });

  it('a store created at version 1 keeps its rows through the later migrations', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cascade-migrate-'));
    const path = join(dir, 'v1.duckdb');
    try {
      const instance = await DuckDBInstance.create(path);
      const connection = await instance.connect();
      await connection.run(
        'CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at_ms BIGINT NOT NULL)',
      );
      for (const sql of MIGRATIONS[0]?.sql ?? []) await connection.run(sql);
      await connection.run(
        `INSERT INTO schema_migrations VALUES (1, 'initial market-data schema', 0)`,
      );
      const c = candle(0);
      await connection.run(
        `INSERT INTO candles VALUES ('${c.exchange}', '${c.symbol}', '${c.timeframe}', ${String(c.tsMs)}, ${String(c.open)}, ${String(c.high)}, ${String(c.low)}, ${String(c.close)}, ${String(c.volumeBase)}, NULL, NULL)`,
      );
      connection.closeSync();
      instance.closeSync();

      const store = await openDuckDbStore(path);
      try {
        expect(await store.schemaVersion()).toBe(LATEST_SCHEMA_VERSION);
        expect(await store.select('candles')).toEqual([c]);
        await store.upsert('candles', [candle(0, { close: 1 }), candle(1)]);
        expect((await store.select('candles')).map((r) => r.close)).toEqual([1, candle(1).close]);
      } finally {
        await store.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
