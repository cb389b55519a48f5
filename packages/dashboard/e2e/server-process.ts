/**
 * The real server for browser tests and the benchmark: `cascade serve --port 0` over a fresh
 * temporary store (the embedded dataset loads on start), its URL read from stdout.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { setTimeout as delay } from 'node:timers/promises';
import { join, resolve } from 'node:path';

export const REPO_ROOT = resolve(import.meta.dirname, '..', '..', '..');
export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
];

export interface ServerProcess {
  readonly url: string;
  stop(): Promise<void>;
}

/** Builds packages/dashboard/dist from the current sources (npm ci builds it too; this keeps the test honest after edits). */
export function buildDashboard(): boolean {
  const vite = join(REPO_ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
  execFileSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], {
    cwd: join(REPO_ROOT, 'packages', 'dashboard'),
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return existsSync(join(REPO_ROOT, 'packages', 'dashboard', 'dist', 'index.html'));
}

/** `env` adds environment variables (e.g. CASCADE_TOKEN for a guarded server). */
export async function startServerProcess(
  timeoutMs = 200_000,
  env: Readonly<Record<string, string>> = {},
): Promise<ServerProcess> {
  const dataDir = mkdtempSync(join(tmpdir(), 'cascade-e2e-'));
  const child = spawn(
    process.execPath,
    [
      join(REPO_ROOT, 'packages', 'cli', 'bin', 'cascade.js'),
      'serve',
      '--port',
      '0',
      '--data-dir',
      dataDir,
    ],
    {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, CASCADE_LOG_LEVEL: 'warn', ...env },
    },
  );
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`server did not print its URL in ${timeoutMs} ms; stderr:\n${stderr}`));
    }, timeoutMs);
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /https?:\/\/127\.0\.0\.1:\d+\//.exec(stdout);
      if (match !== null) {
        clearTimeout(timer);
        resolveUrl(match[0]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${String(code)}; stderr:\n${stderr}`));
    });
  });
  return { url, stop: () => stopChild(child, dataDir) };
}

/** SIGTERM, as Ctrl-C would; a server that has not exited 30 s later is killed and reported. */
async function stopChild(child: ChildProcess, dataDir: string): Promise<void> {
  try {
    if (child.exitCode !== null) return;
    const exited = new Promise((done) => child.once('exit', done));
    child.kill('SIGTERM');
    const giveUp = new AbortController();
    const late = delay(30_000, 'late' as const, { signal: giveUp.signal }).catch(() => 'stopped');
    const outcome = await Promise.race([exited, late]);
    giveUp.abort();
    if (outcome === 'late') {
      child.kill('SIGKILL');
      await exited;
      throw new Error('the server did not stop within 30 s of SIGTERM');
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
