import type { CliIo } from '../io.js';

/**
 * A CliIo that records stdout and stderr (tests); files come from `files` when given. The default
 * `cwd` holds no store, so commands read the embedded files.
 */
export function captureIo(
  files: Readonly<Record<string, string>> = {},
  cwd = '/nonexistent-store-dir',
): CliIo & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
    readFile: (path) => {
      const text = files[path];
      return text === undefined
        ? Promise.reject(new Error(`no file ${path}`))
        : Promise.resolve(text);
    },
    cwd,
  };
}
