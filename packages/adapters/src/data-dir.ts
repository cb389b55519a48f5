import { join, resolve } from 'node:path';

export const DATA_DIR_ENV = 'CASCADE_DATA_DIR';

/** The data directory: $CASCADE_DATA_DIR, else `./.cascade` under `cwd`. */
export function dataDir(cwd: string, env: Readonly<Record<string, string | undefined>>): string {
  const configured = env[DATA_DIR_ENV];
  return configured !== undefined && configured !== ''
    ? resolve(cwd, configured)
    : join(cwd, '.cascade');
}

/** The DuckDB file inside a data directory. */
export function storePath(dir: string): string {
  return join(dir, 'market.duckdb');
}
