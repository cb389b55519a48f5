import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { captureIo } from '../testing/capture-io.js';
import { main } from '../main.js';

const io = captureIo;

const dir = mkdtempSync(join(tmpdir(), 'cascade-brief-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});
// No store in this directory: the command reads the embedded files in data/.
const NO_STORE = ['--data-dir', join(dir, 'no-store'), '--scenarios', '0'];

describe('cascade brief', () => {
  it('--format json prints the documented shape; --check passes', async () => {
    const t = io();
    const code = await main(
      ['brief', '--date', '2025-12-01', '--format', 'json', '--check', ...NO_STORE],
      t,
    );
    expect(t.err.join('')).toMatch(/check: ok, \d+ numeric tokens, all grounded/);
    expect(code).toBe(0);
    const json = JSON.parse(t.out.join('')) as Record<string, unknown>;
    for (const key of [
      'title',
      'metaDescription',
      'slug',
      'keywords',
      'wordCount',
      'markdown',
      'facts',
    ]) {
      expect(json).toHaveProperty(key);
    }
    const facts = json['facts'] as { id: string; value: unknown; unit: string; source: string }[];
    expect(facts.every((f) => f.id !== '' && f.unit !== '' && f.source !== '')).toBe(true);
    expect(json['wordCount']).toBeGreaterThanOrEqual(1200);
  });

  it('--out writes the article and its SVG charts; Markdown links them, HTML embeds them', async () => {
    const md = io();
    expect(
      await main(['brief', '--date', '2024-08-05', '--out', join(dir, 'md'), ...NO_STORE], md),
    ).toBe(0);
    const files = readdirSync(join(dir, 'md')).sort();
    expect(files).toContain('brief.md');
    expect(files).toContain('price.svg');
    const text = readFileSync(join(dir, 'md', 'brief.md'), 'utf8');
    expect(text).toMatch(/^---\ntitle: "/);
    expect(text).toContain('](price.svg)');
    expect(text).toContain('| id | value | unit | source |');
    const html = io();
    expect(
      await main(['brief', '--date', '2024-08-05', '--format', 'html', ...NO_STORE], html),
    ).toBe(0);
    const page = html.out.join('');
    expect(page).toContain('<meta name="description"');
    expect(page).toContain('<svg xmlns="http://www.w3.org/2000/svg"');
  });

  it('--check --text checks an edited copy against the facts: the example passes, a tampered one fails', async () => {
    const written = io();
    const out = join(dir, 'check');
    expect(await main(['brief', '--date', '2025-11-21', '--out', out, ...NO_STORE], written)).toBe(
      0,
    );
    const example = readFileSync(join(out, 'brief.md'), 'utf8');
    const tampered = example.replace('Liquidations reached $1.91B', 'Liquidations reached $2.15B');
    expect(tampered).not.toBe(example);
    const files: Record<string, string> = { '/x/example.md': example, '/x/tampered.md': tampered };
    for (const [file, expected] of [
      ['/x/example.md', 0],
      ['/x/tampered.md', 1],
    ] as const) {
      const t = captureIo(files);
      const code = await main(
        ['brief', '--date', '2025-11-21', '--check', '--text', file, ...NO_STORE],
        t,
      );
      expect(code, file).toBe(expected);
      if (expected === 1) expect(t.err.join('')).toContain('"$2.15B"');
    }
  });

  it('invalid input exits 2 and names the option', async () => {
    for (const [args, message] of [
      [['--date', '2025-13-01'], '--date'],
      [['--date', '2025-11-21', '--format', 'pdf'], '--format'],
      [['--date', '2025-11-21', '--symbol', 'ETH'], '--symbol'],
    ] as const) {
      const t = io();
      expect(await main(['brief', ...args], t)).toBe(2);
      expect(t.err.join('')).toContain(message);
      expect(t.out).toEqual([]);
    }
  });
});
