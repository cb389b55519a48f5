/** Repository conventions that the linters do not check. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules' || name === 'dist') return [];
    return statSync(path).isDirectory() ? sourceFiles(path) : /\.tsx?$/.test(name) ? [path] : [];
  });
}

const packagesDir = join(root, 'packages');
const files = readdirSync(packagesDir).flatMap((pkg) => sourceFiles(join(packagesDir, pkg, 'src')));

describe('repository conventions', () => {
  it('source file names are kebab-case', () => {
    const bad = files.filter(
      (file) => !/^[a-z0-9]+(-[a-z0-9]+)*(\.[a-z0-9]+)*\.ts$/.test(file.split('/').pop() ?? ''),
    );
    expect(bad.map((file) => relative(root, file))).toEqual([]);
  });

  it('core declares no runtime dependencies', () => {
    const pkg = JSON.parse(
      readFileSync(join(packagesDir, 'core', 'package.json'), 'utf8'),
    ) as Record<string, unknown>;
    expect(pkg['dependencies']).toBeUndefined();
    const tsconfig = JSON.parse(
      readFileSync(join(packagesDir, 'core', 'tsconfig.json'), 'utf8'),
    ) as {
      compilerOptions: { types: unknown[] };
      references?: unknown[];
    };
    expect(tsconfig.compilerOptions.types).toEqual([]);
    expect(tsconfig.references).toBeUndefined();
  });
});
