/**
 * Reference-data test: every published vector (see test-data/SOURCES.md; each record cites its
 * source) through the same path as `cascade liq-price`: zod record → margin model → kernel.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parsePositionRecords } from '@cascade/services';
import { evaluateAll } from './liq-price.js';

interface Vector {
  readonly source: string;
  readonly exchange: string;
  readonly expected: Readonly<Record<string, number | null>>;
  readonly tolerance?: number;
}

const load = (name: string): { text: string; vectors: Vector[] } => {
  const text = readFileSync(new URL(`../../test-data/${name}`, import.meta.url), 'utf8');
  return { text, vectors: JSON.parse(text) as Vector[] };
};

/** Absolute tolerance where the source rounds, otherwise (and at least) relative 1e-6. */
const allowed = (expected: number, tolerance: number | undefined): number =>
  Math.max(tolerance ?? 0, 1e-6 * Math.abs(expected));

describe.each(['liquidation-vectors.json', 'extra-vectors.json'])('%s', (file) => {
  const { text, vectors } = load(file);
  const parsed = parsePositionRecords(text);
  if (!parsed.ok) throw new Error(`cannot parse ${file}: ${JSON.stringify(parsed.issue)}`);
  const evaluated = evaluateAll(parsed.specs);
  if (!evaluated.ok) throw new Error(`cannot evaluate ${file}: ${JSON.stringify(evaluated)}`);

  it.each(vectors.map((vector, index) => [index, vector.exchange, vector] as const))(
    'vector %i (%s)',
    (index, _exchange, vector) => {
      const report = evaluated.rows[index]?.report;
      expect(report).toBeDefined();
      for (const [key, expected] of Object.entries(vector.expected)) {
        const actual = report?.[key as 'liquidationPrice' | 'bankruptcyPrice' | 'fillablePrice'];
        if (expected === null) {
          expect(actual, `${key} (${vector.source})`).toBeNull();
        } else {
          expect(actual, `${key} (${vector.source})`).not.toBeNull();
          expect(
            Math.abs((actual ?? Number.NaN) - expected),
            `${key} (${vector.source})`,
          ).toBeLessThanOrEqual(allowed(expected, vector.tolerance));
        }
      }
    },
  );
});
