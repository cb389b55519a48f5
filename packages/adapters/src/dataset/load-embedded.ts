import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { importFile } from '../importers/import-file.js';
import type { DuckDbMarketStore } from '../store/duckdb-store.js';
import { EMBEDDED_DATASET, OPTIONAL_DIRECTORIES, type DatasetEntry } from './manifest.js';

export const EMBEDDED_DATASET_NAME = 'embedded';

export interface LoadProgress {
  readonly done: number;
  readonly total: number;
  readonly file: string;
}

export interface LoadResult {
  readonly loaded: boolean;
  readonly files: number;
  readonly rows: number;
}

async function optionalEntries(root: string): Promise<DatasetEntry[]> {
  const entries: DatasetEntry[] = [];
  for (const { dir, pattern, kind, options } of OPTIONAL_DIRECTORIES) {
    const names = await readdir(join(root, dir)).catch(() => [] as string[]);
    for (const name of names.filter((n) => pattern.test(n)).sort()) {
      entries.push({ path: `${dir}/${name}`, kind, ...(options === undefined ? {} : { options }) });
    }
  }
  return entries;
}

/** Every dataset file, and a digest of their bytes (a changed file reloads the dataset). */
export async function embeddedEntries(
  root: string,
): Promise<{ entries: DatasetEntry[]; digest: string }> {
  const entries = [...EMBEDDED_DATASET, ...(await optionalEntries(root))];
  const hash = createHash('sha256');
  for (const entry of entries) {
    hash.update(`${entry.path}\n${entry.kind}\n`);
    hash.update(await readFile(join(root, entry.path)));
  }
  return { entries, digest: hash.digest('hex') };
}

/**
 * Loads the embedded dataset into the store unless this exact dataset is already loaded (then it
 * is a no-op). Each file is one transaction; the dataset marker is written last.
 */
export async function loadEmbeddedDataset(
  store: DuckDbMarketStore,
  root: string,
  onProgress: (progress: LoadProgress) => void = () => undefined,
  force = false,
): Promise<LoadResult> {
  const { entries, digest } = await embeddedEntries(root);
  const marker = await store.query('SELECT digest FROM dataset_loads WHERE dataset = $1', [
    EMBEDDED_DATASET_NAME,
  ]);
  if (!force && marker[0]?.['digest'] === digest)
    return { loaded: false, files: entries.length, rows: 0 };
  let rows = 0;
  for (const [index, entry] of entries.entries()) {
    onProgress({ done: index, total: entries.length, file: entry.path });
    const result = await importFile(store, join(root, entry.path), entry.kind, entry.options ?? {});
    rows += result.rows;
  }
  onProgress({ done: entries.length, total: entries.length, file: '' });
  await store.connection.run('INSERT OR REPLACE INTO dataset_loads VALUES ($1, $2, $3, $4)', [
    EMBEDDED_DATASET_NAME,
    digest,
    rows,
    Date.now(),
  ]);
  return { loaded: true, files: entries.length, rows };
}
