import { isAscii } from 'node:buffer';
import { createHash } from 'node:crypto';
import { open, readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import type { CellKind } from './cells.js';
import { CsvChecker, ImportError } from './csv-check.js';

/** The longest line an importable CSV may have, in bytes (DuckDB reads with 4× this buffer). */
export const MAX_LINE_BYTES = 1 << 16;

/** Bytes read per call; the buffer is reused, so a file of any size touches this much memory. */
const READ_BYTES = 1 << 18;

export interface ScannedCsv {
  readonly rows: number;
  /** SHA-256 of the file's bytes (of the compressed bytes for a .gz file), hex. */
  readonly digest: string;
}

/** The bytes of a CSV file read whole: the file, and the inflated text of a .gz file. */
export interface CsvBytes {
  readonly file: Buffer;
  readonly raw: Buffer;
}

export const inflate = (path: string, file: Buffer): CsvBytes => ({
  file,
  raw: path.endsWith('.gz') ? gunzipSync(file) : file,
});

function decode(bytes: Buffer, start: number, end: number): string {
  const slice = bytes.subarray(start, end);
  // ASCII (the usual CSV) decodes as latin1, much cheaper than UTF-8 for the same string.
  return slice.toString(isAscii(slice) ? 'latin1' : 'utf8');
}

/**
 * Feeds the complete lines of `bytes` (all of it when `last`) to the checker, in pieces of at
 * most MAX_LINE_BYTES cut after a line break: small strings, which V8 allocates in reused memory.
 * Pieces are cut at byte 10, which never occurs inside a UTF-8 sequence. Returns the bytes used.
 */
function feed(checker: CsvChecker, file: string, bytes: Buffer, last: boolean): number {
  let start = 0;
  while (start < bytes.length) {
    let end = Math.min(start + MAX_LINE_BYTES, bytes.length);
    if (end < bytes.length || !last) {
      const lineBreak = bytes.lastIndexOf(10, end - 1);
      if (lineBreak < start) {
        if (end - start < MAX_LINE_BYTES) return start; // the line goes on in the next read
        throw new ImportError(
          file,
          checker.nextLine,
          1,
          `line longer than ${String(MAX_LINE_BYTES)} bytes`,
        );
      }
      end = lineBreak + 1;
    }
    checker.push(decode(bytes, start, end));
    start = end;
  }
  return start;
}

/**
 * Reads a CSV file once, in small pieces through one reused buffer: validates every cell against
 * its column's kind (`CsvChecker`) and hashes the bytes. Throws an ImportError naming file, line
 * and column. `whole` is the file when a caller already read it (a .gz file is read whole).
 */
export async function scanCsvFile(
  path: string,
  kinds: Readonly<Record<string, CellKind>>,
  whole?: CsvBytes,
): Promise<ScannedCsv> {
  const checker = new CsvChecker(path, kinds);
  const hash = createHash('sha256');
  if (whole !== undefined || path.endsWith('.gz')) {
    const { file, raw } = whole ?? inflate(path, await readFile(path));
    feed(checker, path, raw, true);
    return { rows: checker.rows, digest: hash.update(file).digest('hex') };
  }
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.allocUnsafe(READ_BYTES);
    let carried = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, carried, buffer.length - carried, null);
      const end = carried + bytesRead;
      hash.update(buffer.subarray(carried, end));
      const used = feed(checker, path, buffer.subarray(0, end), bytesRead === 0);
      if (bytesRead === 0) break;
      buffer.copy(buffer, 0, used, end);
      carried = end - used;
    }
  } finally {
    await handle.close();
  }
  return { rows: checker.rows, digest: hash.digest('hex') };
}
