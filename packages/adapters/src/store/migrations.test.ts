import { describe, expect, it } from 'vitest';
import { IN_MEMORY, openDuckDbStore } from './duckdb-store.js';
import { TABLE_NAMES, tableSpec } from './tables.js';

describe('migrations', () => {
  it('the migrated schema matches the table specs (columns, types, nullability, keys)', async () => {
    const store = await openDuckDbStore(IN_MEMORY);
    try {
      for (const table of TABLE_NAMES) {
        const spec = tableSpec(table);
        const described = await store.query(`DESCRIBE ${table}`);
        expect(
          described.map((c) => [c['column_name'], c['column_type'], c['null'], c['key']]),
          table,
        ).toEqual(
          spec.columns.map((c) => [
            c.column,
            c.type,
            c.nullable ? 'YES' : 'NO',
            spec.key.includes(c.column) ? 'PRI' : null,
          ]),
        );
      }
    } finally {
      await store.close();
    }
  });

  it('reopening applies nothing twice', async () => {
    const store = await openDuckDbStore(IN_MEMORY);
    try {
      const applied = await store.query('SELECT version, name FROM schema_migrations');
      expect(applied).toEqual([{ version: 1, name: 'initial market-data schema' }]);
    } finally {
      await store.close();
    }
  });
});
