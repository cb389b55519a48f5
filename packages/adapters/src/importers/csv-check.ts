import { CELL_CHECKS, CELL_PATTERNS, type CellKind } from './cells.js';

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

type CellCheck = (typeof CELL_CHECKS)[CellKind] | undefined;

/** Checks one data line cell by cell; throws an ImportError at the first bad cell. */
function checkLine(
  file: string,
  lineNo: number,
  line: string,
  header: readonly string[],
  checks: readonly CellCheck[],
): void {
  const cells = splitCsvLine(line);
  if (cells.length !== header.length) {
    throw new ImportError(
      file,
      lineNo,
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
        lineNo,
        offset,
        `column "${header[j] ?? ''}": expected ${check.expected}, got "${cell.slice(0, 40)}"`,
      );
    }
    offset += cell.length + 1;
  }
}

/**
 * One sticky pattern for a whole unquoted line: every cell's kind joined by commas, then the line
 * end. A line it rejects (quoted, malformed, empty) goes to the cell-by-cell check for the exact
 * error; lines it accepts are exactly the lines the cell checks accept.
 */
function linePattern(kinds: readonly (CellKind | undefined)[]): RegExp {
  const cells = kinds.map((kind) => `(?:${CELL_PATTERNS[kind ?? 'text']})`).join(',');
  return new RegExp(`(?!\\r?(?:\\n|$))${cells}\\r?(?:\\n|$)`, 'y');
}

/**
 * Validates every data line of `text` against per-column cell kinds (by header name). Throws an
 * ImportError naming file, line and column at the first bad cell. Columns not listed are free text.
 * One pass: a compiled per-line pattern; only lines it rejects are split and checked per cell.
 */
export function checkCsv(
  file: string,
  text: string,
  kinds: Readonly<Record<string, CellKind>>,
): CheckedCsv {
  const firstBreak = text.indexOf('\n');
  const headerEnd = firstBreak === -1 ? text.length : firstBreak;
  const header = splitCsvLine(text.slice(0, headerEnd).replace(/\r$/, ''));
  const cellKinds = header.map((name) => kinds[name]);
  const checks = cellKinds.map((kind) => (kind === undefined ? undefined : CELL_CHECKS[kind]));
  const fast = linePattern(cellKinds);
  let rows = 0;
  let lineNo = 1;
  let pos = firstBreak === -1 ? text.length : firstBreak + 1;
  // Line number of `pos`, counted lazily: only a rejected line needs it.
  let countedTo = pos;
  while (pos < text.length) {
    fast.lastIndex = pos;
    if (fast.test(text)) {
      pos = fast.lastIndex;
      rows++;
      continue;
    }
    for (let i = text.indexOf('\n', countedTo); i !== -1 && i < pos; i = text.indexOf('\n', i + 1))
      lineNo++;
    const end = text.indexOf('\n', pos);
    const line = text.slice(pos, end === -1 ? text.length : end).replace(/\r$/, '');
    if (line === '') {
      if (end === -1) break; // a lone trailing "\r"
      throw new ImportError(file, lineNo + 1, 1, 'empty line');
    }
    checkLine(file, lineNo + 1, line, header, checks);
    rows++;
    countedTo = pos;
    pos = end === -1 ? text.length : end + 1;
  }
  return { header, rows };
}
