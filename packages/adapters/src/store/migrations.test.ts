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

  it('migration 5 gives stored open interest its series interval (smallest step; hourly alone)', async () => {
    // 5-minute samples with a gap, an hourly pair, one lone row.
    await withStoreAt(
      4,
      `INSERT INTO open_interest VALUES
        ('binance', 'BTC/USDT:USDT', 0, NULL, 1), ('binance', 'BTC/USDT:USDT', 300000, NULL, 2),
        ('binance', 'BTC/USDT:USDT', 3600000, NULL, 3),
        ('bybit', 'BTC/USDT:USDT', 0, 5, NULL), ('bybit', 'BTC/USDT:USDT', 3600000, 6, NULL),
        ('okx', 'ETH/USDT:USDT', 0, NULL, 7)`,
      async (store) => {
        const rows = await store.select('open_interest');
        expect(rows.map((r) => [r.exchange, r.intervalMs, r.tsMs])).toEqual([
          ['binance', 300_000, 0],
          ['bybit', 3_600_000, 0],
          ['okx', 3_600_000, 0],
          ['binance', 300_000, 300_000],
          ['binance', 300_000, 3_600_000],
          ['bybit', 3_600_000, 3_600_000],
        ]);
        expect(rows.find((r) => r.exchange === 'bybit')).toMatchObject({
          openInterestBase: 5,
          openInterestUsd: null,
        });
      },
    );
  });

  it('a store created at version 1 keeps its rows through the later migrations', async () => {
    const c = candle(0);
    await withStoreAt(
      1,
      `INSERT INTO candles VALUES ('${c.exchange}', '${c.symbol}', '${c.timeframe}', ${String(c.tsMs)}, ${String(c.open)}, ${String(c.high)}, ${String(c.low)}, ${String(c.close)}, ${String(c.volumeBase)}, NULL, NULL)`,
      async (store) => {
        expect(await store.schemaVersion()).toBe(LATEST_SCHEMA_VERSION);
        expect(await store.select('candles')).toEqual([c]);
        await store.upsert('candles', [candle(0, { close: 1 }), candle(1)]);
        expect((await store.select('candles')).map((r) => r.close)).toEqual([1, candle(1).close]);
      },
    );
  });
});

/**
 * A store file created at schema `version` holding the rows of `insert`, then opened (migrated to
 * the latest version) and handed to `check`.
 */
async function withStoreAt(
  version: number,
  insert: string,
  check: (store: Awaited<ReturnType<typeof openDuckDbStore>>) => Promise<void>,
): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'cascade-migrate-'));
  const path = join(dir, `v${String(version)}.duckdb`);
  try {
    const instance = await DuckDBInstance.create(path);
    const connection = await instance.connect();
    await connection.run(
      'CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at_ms BIGINT NOT NULL)',
    );
    for (const m of MIGRATIONS.filter((m) => m.version <= version)) {
      for (const sql of m.sql) await connection.run(sql);
      await connection.run('INSERT INTO schema_migrations VALUES ($1, $2, 0)', [m.version, m.name]);
    }
    await connection.run(insert);
    connection.closeSync();
    instance.closeSync();
    const store = await openDuckDbStore(path);
    try {
      await check(store);
    } finally {
      await store.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
