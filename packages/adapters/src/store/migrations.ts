import { TABLE_NAMES, tableSpec, type TableSpec } from './tables.js';

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: readonly string[];
}

function createTable(spec: TableSpec): string {
  const columns = spec.columns.map((c) => `${c.column} ${c.type}${c.nullable ? '' : ' NOT NULL'}`);
  return `CREATE TABLE ${spec.name} (${columns.join(', ')}, PRIMARY KEY (${spec.key.join(', ')}))`;
}

/**
 * Ordered, append-only list: never edit a released migration, add a new one. Version 1 is the
 * initial schema (see docs/market-data.md for the columns).
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'initial market-data schema',
    sql: [
      ...TABLE_NAMES.map((name) => createTable(tableSpec(name))),
      `CREATE TABLE imports (source VARCHAR NOT NULL, kind VARCHAR NOT NULL, digest VARCHAR NOT NULL,
        rows BIGINT NOT NULL, imported_at_ms BIGINT NOT NULL, PRIMARY KEY (source, kind))`,
      `CREATE TABLE dataset_loads (dataset VARCHAR PRIMARY KEY, digest VARCHAR NOT NULL,
        rows BIGINT NOT NULL, loaded_at_ms BIGINT NOT NULL)`,
    ],
  },
];

export const LATEST_SCHEMA_VERSION = MIGRATIONS.reduce((v, m) => Math.max(v, m.version), 0);
