import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CELL_CHECKS, type CellKind } from './cells.js';
import { checkCsv, CsvChecker, ImportError, splitCsvLine } from './csv-check.js';

/** The cell-by-cell checker as it was before the one-pattern-per-line fast path: the reference. */
function referenceCheck(text: string, kinds: Readonly<Record<string, CellKind>>): number {
  const lines = text.split('\n');
  const header = splitCsvLine((lines[0] ?? '').replace(/\r$/, ''));
  let rows = 0;
  for (let i = 1; i < lines.length; i++) {
    const line = (lines[i] ?? '').replace(/\r$/, '');
    if (line === '') {
      if (i === lines.length - 1) continue;
      throw new ImportError('f.csv', i + 1, 1, 'empty line');
    }
    const cells = splitCsvLine(line);
    if (cells.length !== header.length) {
      throw new ImportError(
        'f.csv',
        i + 1,
        line.length + 1,
        `expected ${header.length} fields, found ${cells.length}`,
      );
    }
    let offset = 1;
    cells.forEach((cell, j) => {
      const kind = kinds[header[j] ?? ''];
      const check = kind === undefined ? undefined : CELL_CHECKS[kind];
      if (check !== undefined && !check.test(cell)) {
        throw new ImportError(
          'f.csv',
          i + 1,
          offset,
          `column "${header[j] ?? ''}": expected ${check.expected}, got "${cell.slice(0, 40)}"`,
        );
      }
      offset += cell.length + 1;
    });
    rows++;
  }
  return rows;
}

const outcome = (run: () => number): string => {
  try {
    return `rows ${String(run())}`;
  } catch (error) {
    return error instanceof ImportError ? error.message : `other ${String(error)}`;
  }
};

const KINDS: Readonly<Record<string, CellKind>> = {
  t: 'ms',
  p: 'decimal',
  q: 'decimal?',
  v: 'blank-or-decimal',
  n: 'blank-or-int',
  d: 'date',
  w: 'time',
  s: 'side',
};

// Cells near the edges of each kind: valid values, blanks, signs, exponents, quotes, CR, commas.
const cell = fc.constantFrom(
  '1763683200000',
  '176368320000',
  '12',
  '-3.5',
  '.5',
  '5.',
  '1e-7',
  '1E+3',
  '+1',
  'NA',
  '.',
  '',
  ' ',
  '2025-11-21',
  '2025-11-21 02:00:00',
  ' 2025-10-10 21:34:32',
  '2025-13-01',
  'bid',
  'ASK',
  'Sell',
  'x',
  '"a,b"',
  '"q""t"',
  '1\r',
  'inf',
);

/** Up to `maxLength` lines of 1–5 edge-case cells. */
const csvLines = (maxLength: number): fc.Arbitrary<string[]> =>
  fc.array(
    fc.array(cell, { minLength: 1, maxLength: 5 }).map((cells) => cells.join(',')),
    { maxLength },
  );

describe('checkCsv (one pattern per line, cell-by-cell only for rejected lines)', () => {
  it('accepts and rejects exactly what the cell-by-cell checker does, with the same error', () => {
    fc.assert(
      fc.property(
        csvLines(6),
        fc.constantFrom('\n', '\r\n'),
        fc.boolean(),
        (lines, eol, trailing) => {
          const text = ['t,p,q,v,n', ...lines].join(eol) + (trailing ? eol : '');
          const wide = ['d,w,s,free,p', ...lines].join(eol) + (trailing ? eol : '');
          // One column that may be blank: an empty line must still be an error, not a row.
          const single = ['q', ...lines.map((l) => l.split(',')[0])].join(eol) + eol + eol + '1';
          for (const t of [text, wide, single]) {
            expect(outcome(() => checkCsv('f.csv', t, KINDS).rows)).toBe(
              outcome(() => referenceCheck(t, KINDS)),
            );
          }
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('gives the same outcome when the text arrives in pieces cut after line breaks', () => {
    fc.assert(
      fc.property(
        csvLines(8),
        fc.constantFrom('\n', '\r\n'),
        fc.boolean(),
        fc.array(fc.nat(), { maxLength: 4 }),
        (lines, eol, trailing, cutAt) => {
          const text = ['t,p,q,v,n', ...lines].join(eol) + (trailing ? eol : '');
          const breaks = [...text.matchAll(/\n/g)].map((m) => m.index + 1);
          const cuts = [...new Set(cutAt.map((i) => breaks[i % Math.max(breaks.length, 1)] ?? 0))];
          const bounds = [0, ...cuts.sort((a, b) => a - b), text.length];
          const pieced = (): number => {
            const checker = new CsvChecker('f.csv', KINDS);
            for (let i = 1; i < bounds.length; i++)
              checker.push(text.slice(bounds[i - 1], bounds[i]));
            return checker.rows;
          };
          expect(outcome(pieced)).toBe(outcome(() => checkCsv('f.csv', text, KINDS).rows));
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('names the line and column of a bad cell after many good lines', () => {
    const good = Array.from({ length: 1000 }, (_, i) => `${String(1763683200000 + i)},1.5,,2,3`);
    const text = ['t,p,q,v,n', ...good, '1763683200000,1.5,,2x,3', ...good].join('\n');
    expect(() => checkCsv('f.csv', text, KINDS)).toThrow(
      'f.csv:1002:20: column "v": expected a decimal number or blank, got "2x"',
    );
  });
});
