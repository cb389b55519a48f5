import { dataDir, openDuckDbStore, storePath, type DuckDbMarketStore } from '@cascade/adapters';

/** Opens the store in `--data-dir`, else $CASCADE_DATA_DIR, else `./.cascade` under cwd. */
export function openStore(cwd: string, dir: string | undefined): Promise<DuckDbMarketStore> {
  const resolved = dir ?? dataDir(cwd, process.env);
  return openDuckDbStore(storePath(resolved));
}

/** Runs `fn` with an open store and always closes it. */
export async function withStore<R>(
  cwd: string,
  dir: string | undefined,
  fn: (store: DuckDbMarketStore) => Promise<R>,
): Promise<R> {
  const store = await openStore(cwd, dir);
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}
