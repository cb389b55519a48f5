import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../repo-paths.js';
import { binanceBookDepth, DataFormatError } from './book-files.js';

const EVENT_FILE = join(
  repoRoot(),
  'data',
  'events',
  '2025-10-10',
  'binance_um_BTCUSDT_bookDepth_2025-10-10.csv.gz',
);

const HEADER = 'timestamp,percentage,depth,notional,weighted_avg_price';

/** A bookDepth file: one snapshot per entry, bands ±1..2% (bid values given, asks fixed). */
function depthFile(snapshots: readonly [string, string, string][]): string {
  const lines = [HEADER];
  snapshots.forEach(([at, bid1, bid2], k) => {
    lines.push(`${at},-2,${bid2},${Number(bid2) * 99_000},99000`);
    lines.push(`${at},-1,${bid1},${Number(bid1) * 99_500},99500`);
    lines.push(`${at},1,${10 + k}.5,${(10 + k + 0.5) * 100_500},100500`);
    lines.push(`${at},2,${30 + k}.5,${(30 + k + 0.5) * 101_000},101000`);
  });
  const dir = mkdtempSync(join(tmpdir(), 'bookdepth-'));
  const file = join(dir, 'depth.csv');
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

describe('Binance bookDepth snapshots', () => {
  it('fits a clean snapshot as it is', () => {
    const file = depthFile([
      ['2025-01-01 00:00:00', '10.1', '30.1'],
      ['2025-01-01 00:00:30', '11.2', '31.2'],
    ]);
    const fit = binanceBookDepth(file, '2025-01-01 00:00:31');
    expect(fit.at).toBe('2025-01-01 00:00:30');
    expect(fit.nearestDefect).toBeNull();
    expect(fit.defective).toBe(0);
  });

  it('skips a snapshot whose bands repeat an earlier one to the nearest clean one, or refuses it', () => {
    const file = depthFile([
      ['2025-01-01 00:00:00', '10.1', '30.1'],
      ['2025-01-01 00:00:30', '11.2', '31.2'],
      // -1% band frozen at the first snapshot's value.
      ['2025-01-01 00:01:00', '10.1', '32.3'],
    ]);
    const fit = binanceBookDepth(file, '2025-01-01 00:01:00');
    expect(fit.nearest).toBe('2025-01-01 00:01:00');
    expect(fit.nearestDefect).toMatch(/bands -1% repeat values of earlier snapshots/);
    expect(fit.at).toBe('2025-01-01 00:00:30');
    expect(() => binanceBookDepth(file, '2025-01-01 00:01:00', 'refuse')).toThrow(DataFormatError);
    expect(() => binanceBookDepth(file, '2025-01-01 00:01:00', 'refuse')).toThrow(
      /00:01:00 \(nearest 2025-01-01 00:01:00\): bands -1% repeat .*refused/,
    );
  });

  it('finds the 2025-10-10 20:00 snapshot frozen and falls back to 16:40:38, the nearest clean one', () => {
    const fit = binanceBookDepth(EVENT_FILE, '2025-10-10 20:00:00');
    expect(fit.nearest).toBe('2025-10-10 20:00:07');
    expect(fit.nearestDefect).toContain('-2%, -1%');
    expect(fit.at).toBe('2025-10-10 16:40:38');
    expect(fit.defective).toBeGreaterThan(900);
  });
});
