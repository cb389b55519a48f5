// The CLI and the HTTP API print the same documents: each `cascade <cmd> --json` output is compared
// with the matching endpoint of a server started by `cascade serve` on the same store (the embedded
// dataset, data/SOURCES.md).
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '@cascade/services';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../io.js';
import { main } from '../main.js';
import { serveCommand } from './serve.js';

let dir: string;
let dataDir: string;
const root = repoRoot();
const portfolio = join(root, 'examples', 'portfolio-2025-11-20.json');
const scenarioFile = join(root, 'examples', 'scenarios', '2025-11-21.json');

function io(out: string[], err: string[]): CliIo {
  return {
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
    readFile: (p) => readFile(p, 'utf8'),
    cwd: dir,
  };
}

async function run(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, io(out, err));
  return { code, stdout: out.join(''), stderr: err.join('') };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cascade-cli-serve-'));
  dataDir = join(dir, 'store');
  expect((await run('data', 'init', '--data-dir', dataDir, '--quiet')).code).toBe(0);
}, 120_000);
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('cascade serve', () => {
  it('refuses a non-loopback address without CASCADE_TOKEN (exit 2, nothing served)', async () => {
    const saved = process.env['CASCADE_TOKEN'];
    delete process.env['CASCADE_TOKEN'];
    try {
      const result = await run('serve', '--host', '0.0.0.0', '--port', '0');
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/refusing to listen on 0\.0\.0\.0 without CASCADE_TOKEN/);
      expect(result.stdout).toBe('');
    } finally {
      if (saved !== undefined) process.env['CASCADE_TOKEN'] = saved;
    }
  });

  it('serves the same JSON documents as the CLI commands', async () => {
    const date = '2025-11-21';
    const cli = {
      history: await run('history', '--date', date, '--json', '--data-dir', dataDir),
      divergence: await run('divergence', '--date', date, '--json', '--data-dir', dataDir),
      fedwatch: await run('fedwatch', '--date', date, '--json', '--data-dir', dataDir),
      contagion: await run('contagion', '--date', date, '--json', '--data-dir', dataDir),
      levels: await run('levels', '--symbol', 'BTC/USDT', '--date', date, '--json'),
      liqPrice: await run('liq-price', '--input', portfolio, '--json'),
      simulate: await run('simulate', '--scenario', scenarioFile, '--json'),
    };
    for (const [name, result] of Object.entries(cli)) expect(result.code, name).toBe(0);

    const out: string[] = [];
    let stop: () => void = () => undefined;
    const stopped = new Promise<void>((resolve) => (stop = resolve));
    const serving = serveCommand(
      ['--port', '0', '--data-dir', dataDir],
      io(out, []),
      () => stopped,
    );
    try {
      for (let i = 0; i < 200 && !out.join('').includes('running at'); i++)
        await new Promise((resolve) => setTimeout(resolve, 50));
      const url = /running at (http:\/\/127\.0\.0\.1:\d+)/.exec(out.join(''))?.[1];
      expect(url).toBeDefined();
      const get = async (path: string) => (await fetch(`${url}${path}`)).json();
      const post = async (path: string, body: string) =>
        (
          await fetch(`${url}${path}`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body,
          })
        ).json();
      const parse = (text: string): unknown => JSON.parse(text);

      expect(await get(`/api/history?date=${date}`)).toEqual(parse(cli.history.stdout));
      expect(await get(`/api/divergence?date=${date}`)).toEqual(parse(cli.divergence.stdout));
      expect(await get(`/api/fedwatch?date=${date}`)).toEqual(parse(cli.fedwatch.stdout));
      expect(await get(`/api/contagion?date=${date}`)).toEqual(parse(cli.contagion.stdout));
      expect(await get(`/api/levels?symbol=BTC&date=${date}`)).toEqual(parse(cli.levels.stdout));
      expect(await post('/api/liq-price', await readFile(portfolio, 'utf8'))).toEqual(
        parse(cli.liqPrice.stdout),
      );
      const simulated = (await post('/api/simulate', await readFile(scenarioFile, 'utf8'))) as {
        summary: unknown;
      };
      expect(simulated.summary).toEqual(parse(cli.simulate.stdout));
    } finally {
      stop();
      expect(await serving).toBe(0);
    }
  }, 120_000);
});
