import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: the nearest ancestor of this module that holds `data/SOURCES.md`. */
export function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'data', 'SOURCES.md'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the repository root (data/SOURCES.md)');
    dir = parent;
  }
  return dir;
}
