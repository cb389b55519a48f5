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
 * Validates a CSV text fed in pieces, every cell against its column's kind (by header name;
 * columns not listed are free text). Each piece but the last must end with a line break, so a
 * file streams through in small pieces. Throws an ImportError naming file, line and column at the
 * first bad cell. A compiled per-line pattern accepts the good lines; only the lines it rejects
 * are split and checked cell by cell.
 */
export class CsvChecker {
  readonly #file: string;
  readonly #kinds: Readonly<Record<string, CellKind>>;
  #header: readonly string[] | undefined;
  #checks: readonly CellCheck[] = [];
  #fast = /(?:)/y;
  #rows = 0;

  constructor(file: string, kinds: Readonly<Record<string, CellKind>>) {
    this.#file = file;
    this.#kinds = kinds;
  }

  /** The header; empty before the first piece. */
  get header(): readonly string[] {
    return this.#header ?? [];
  }

  /** Data rows accepted so far. */
  get rows(): number {
    return this.#rows;
  }

  /** The 1-based line number of the next data line. */
  get nextLine(): number {
    return this.#rows + 2;
  }

  push(text: string): void {
    let pos = 0;
    if (this.#header === undefined) {
      if (text === '') return;
      const firstBreak = text.indexOf('\n');
      pos = firstBreak === -1 ? text.length : firstBreak + 1;
      this.#start(
        splitCsvLine(text.slice(0, firstBreak === -1 ? pos : firstBreak).replace(/\r$/, '')),
      );
    }
    const fast = this.#fast;
    while (pos < text.length) {
      fast.lastIndex = pos;
      if (fast.test(text)) {
        pos = fast.lastIndex;
        this.#rows++;
        continue;
      }
      // Every accepted row is one line, so the line number is known without counting breaks.
      const end = text.indexOf('\n', pos);
      const line = text.slice(pos, end === -1 ? text.length : end).replace(/\r$/, '');
      if (line === '') {
        if (end === -1) break; // a lone trailing "\r"
        throw new ImportError(this.#file, this.nextLine, 1, 'empty line');
      }
      checkLine(this.#file, this.nextLine, line, this.header, this.#checks);
      this.#rows++;
      pos = end === -1 ? text.length : end + 1;
    }
  }

  #start(header: readonly string[]): void {
    const cellKinds = header.map((name) => this.#kinds[name]);
    this.#header = header;
    this.#checks = cellKinds.map((kind) => (kind === undefined ? undefined : CELL_CHECKS[kind]));
    this.#fast = linePattern(cellKinds);
  }
}

/** Validates a whole CSV text (see `CsvChecker`). */
export function checkCsv(
  file: string,
  text: string,
  kinds: Readonly<Record<string, CellKind>>,
): CheckedCsv {
  const checker = new CsvChecker(file, kinds);
  checker.push(text);
  return { header: checker.header, rows: checker.rows };
}
