import { CELL_CHECKS, type CellKind } from './cells.js';

/** Where a file is malformed: 1-based line and column (character position of the field). */
export class ImportError extends Error {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  constructor(file: string, line: number, column: number, reason: string) {
    super(`${file}:${line}:${column}: ${reason}`);
    this.name = 'ImportError';
    this.file = file;
    this.line = line;
    this.column = column;
  }
}

/** Splits one CSV line; handles double-quoted fields (no embedded newlines). */
export function splitCsvLine(line: string): string[] {
  if (!line.includes('"')) return line.split(',');
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line.charAt(i);
    if (quoted && ch === '"' && line[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (ch === '"') quoted = !quoted;
    else if (ch === ',' && !quoted) {
      cells.push(cell);
      cell = '';
    } else cell += ch;
  }
  cells.push(cell);
  return cells;
}

export interface CheckedCsv {
  readonly header: readonly string[];
  readonly rows: number;
}

/**
 * Validates every data line of `text` against per-column cell kinds (by header name). Throws an
 * ImportError naming file, line and column at the first bad cell. Columns not listed are free text.
 */
export function checkCsv(
  file: string,
  text: string,
  kinds: Readonly<Record<string, CellKind>>,
): CheckedCsv {
  const lines = text.split('\n');
  const header = splitCsvLine((lines[0] ?? '').replace(/\r$/, ''));
  const checks = header.map((name) => {
    const kind = kinds[name];
    return kind === undefined ? undefined : CELL_CHECKS[kind];
  });
  let rows = 0;
  for (let i = 1; i < lines.length; i++) {
    let line = lines[i] ?? '';
    if (line.endsWith('\r')) line = line.slice(0, -1);
    if (line === '') {
      if (i === lines.length - 1) continue;
      throw new ImportError(file, i + 1, 1, 'empty line');
    }
    const cells = splitCsvLine(line);
    if (cells.length !== header.length) {
      throw new ImportError(
        file,
        i + 1,
        line.length + 1,
        `expected ${header.length} fields, found ${cells.length}`,
      );
    }
    let offset = 1;
    for (let j = 0; j < cells.length; j++) {
      const cell = cells[j] ?? '';
      const check = checks[j];
      if (check !== undefined && !check.test(cell)) {
        throw new ImportError(
          file,
          i + 1,
          offset,
          `column "${header[j] ?? ''}": expected ${check.expected}, got "${cell.slice(0, 40)}"`,
        );
      }
      offset += cell.length + 1;
    }
    rows++;
  }
  return { header, rows };
}
