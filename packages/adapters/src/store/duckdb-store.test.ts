import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { marketStoreContract } from '../testing/store-contract.js';
import { IN_MEMORY, openDuckDbStore } from './duckdb-store.js';

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

marketStoreContract('DuckDB in memory', () => openDuckDbStore(IN_MEMORY));

marketStoreContract(
  'DuckDB file',
  async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cascade-store-'));
    dirs.push(dir);
    return openDuckDbStore(join(dir, 'nested', 'market.duckdb'));
  },
  async (store) => {
    const path = (store as Awaited<ReturnType<typeof openDuckDbStore>>).path;
    await store.close();
    return openDuckDbStore(path);
  },
);
