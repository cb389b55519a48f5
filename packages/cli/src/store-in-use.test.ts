// A second process on a store file that a running command holds (DuckDB allows one writer per
// file): the CLI says who holds it and exits 1 instead of printing DuckDB's IO error.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { storePath } from '@cascade/adapters';
import { repoRoot } from '@cascade/services';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from './main.js';
import { captureIo } from './testing/capture-io.js';

const HOLD = `
import { openDuckDbStore } from '@cascade/adapters';
const store = await openDuckDbStore(process.argv[1]);
console.log('held');
process.stdin.once('data', async () => { await store.close(); process.exit(0); });
`;

let dir: string;
let holder: ChildProcessWithoutNullStreams;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cascade-in-use-'));
  holder = spawn(process.execPath, ['--input-type=module', '-e', HOLD, storePath(dir)], {
    cwd: repoRoot(),
  });
  const [first] = (await once(holder.stdout, 'data')) as [Buffer];
  expect(first.toString()).toBe('held\n');
});
afterAll(async () => {
  holder.stdin.write('\n');
  await once(holder, 'exit');
  await rm(dir, { recursive: true, force: true });
});

describe('a store held by another process', () => {
  it('is named with the holder PID and exit 1', async () => {
    const io = captureIo({}, dir);
    const code = await main(['data', 'status', '--data-dir', dir], io);
    expect(code).toBe(1);
    expect(io.err.join('')).toBe(
      `cascade data: the store ${storePath(dir)} is in use by another process (PID ${String(holder.pid)}), such as a running \`cascade serve\` or \`cascade monitor\`; stop it, or give this command another --data-dir\n`,
    );
  });
});
