import { describe, expect, it } from 'vitest';
import type { CliIo } from '../io.js';
import { contagionCommand } from './contagion.js';
import { divergenceCommand } from './divergence.js';
import { fedwatchCommand } from './fedwatch.js';
import { ratesCommand } from './rates.js';

const COMMANDS: Record<string, (argv: readonly string[], io: CliIo) => Promise<number>> = {
  fedwatch: fedwatchCommand,
  divergence: divergenceCommand,
  rates: ratesCommand,
  contagion: contagionCommand,
};

/** Without a store in the data directory, the commands read the embedded files. */
const NO_STORE = ['--data-dir', '/nonexistent/cascade-macro-test'];

async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    stdout: (text) => out.push(text),
    stderr: (text) => err.push(text),
    readFile: () => Promise.reject(new Error('not used')),
    cwd: '/',
  };
  const [name = '', ...rest] = argv;
  const command = COMMANDS[name];
  if (command === undefined) throw new Error(`unknown command ${name}`);
  const code = await command([...rest, ...NO_STORE], io);
  return { code, stdout: out.join(''), stderr: err.join('') };
}

interface FedWatchJson {
  asOf: string;
  meetings: { date: string; probabilities: Record<string, number> }[];
}

describe('cascade fedwatch', () => {
  it('--json on 2024-08-05 has the issue’s shape, fractions summing to 1', async () => {
    const { code, stdout, stderr } = await run('fedwatch', '--date', '2024-08-05', '--json');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const json = JSON.parse(stdout) as FedWatchJson;
    expect(Object.keys(json)).toEqual(['asOf', 'meetings']);
    expect(json.asOf).toBe('2024-08-05');
    expect(json.meetings.map((m) => m.date)).toEqual([
      '2024-09-18',
      '2024-11-07',
      '2024-12-18',
      '2025-01-29',
    ]);
    for (const meeting of json.meetings) {
      expect(Object.keys(meeting)).toEqual(['date', 'probabilities']);
      const values = Object.values(meeting.probabilities);
      expect(values.reduce((s, p) => s + p, 0)).toBeCloseTo(1, 5);
      for (const range of Object.keys(meeting.probabilities)) {
        expect(range).toMatch(/^\d+-\d+$/);
      }
    }
    // Sep-2024 as of 2024-08-05 (Aug and Oct anchors): 85.0% for a 50 bp cut.
    expect(json.meetings[0]?.probabilities['475-500']).toBeCloseTo(0.85, 3);
  });

  it('reproduces CME’s published Dec-2024 reading of 2024-08-13 (31.7 / 42.5 / 18.1)', async () => {
    const { stdout } = await run('fedwatch', '--date', '2024-08-13', '--json');
    const dec = (JSON.parse(stdout) as FedWatchJson).meetings.find((m) => m.date === '2024-12-18');
    expect(dec?.probabilities['400-425']).toBeCloseTo(0.317, 3);
    expect(dec?.probabilities['425-450']).toBeCloseTo(0.425, 3);
    expect(dec?.probabilities['450-475']).toBeCloseTo(0.181, 3);
  });

  it('falls back to a labelled proxy and the published readings on 2025-11-21', async () => {
    const { code, stdout } = await run('fedwatch', '--date', '2025-11-21', '--json');
    expect(code).toBe(0);
    const json = JSON.parse(stdout) as FedWatchJson & {
      proxy: { kind: string; label: string };
      published: { asOfDate: string; probabilities: Record<string, number> }[];
    };
    expect(json.meetings).toEqual([]);
    expect(json.proxy.kind).toBe('proxy');
    expect(json.proxy.label).toMatch(/^PROXY, not FedWatch/);
    expect(
      json.published.some(
        (r) => r.asOfDate === '2025-11-21' && r.probabilities['350-375'] === 0.709,
      ),
    ).toBe(true);
  });

  it('invalid input exits 2 naming the option, nothing on stdout', async () => {
    for (const argv of [
      ['fedwatch'],
      ['fedwatch', '--date', '2024-02-30'],
      ['fedwatch', '--date', '2024-08-05', '--day-count', 'middle'],
    ]) {
      const { code, stdout, stderr } = await run(...argv);
      expect(code).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toMatch(/--date|--day-count/);
    }
  });
});

interface ContagionJson {
  date: string;
  btc: { return: number; drawdown: number };
  breadth: number;
  alts: { symbol: string; drawdownRank: number; usdReturn: number; pairReturn: number }[];
  comparison: { rankByMedianAltReturn: number; of: number; pastEvents: { date: string }[] };
}

describe('cascade contagion', () => {
  it('2025-11-21: every alt ranked, pair legs recompose the USD return', async () => {
    const { code, stdout } = await run('contagion', '--date', '2025-11-21', '--json');
    expect(code).toBe(0);
    const json = JSON.parse(stdout) as ContagionJson;
    expect(json.alts).toHaveLength(10);
    expect(json.alts.map((a) => a.drawdownRank)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    for (const alt of json.alts) {
      expect((1 + alt.pairReturn) * (1 + json.btc.return) - 1).toBeCloseTo(alt.usdReturn, 5);
    }
    // Binance BTCUSDT 1d: close 2025-11-20 86,637.23 → 2025-11-21 85,129.43.
    expect(json.btc.return).toBeCloseTo(85129.43 / 86637.23 - 1, 5);
    expect(json.comparison.pastEvents.map((e) => e.date)).toContain('2025-10-10');
  });

  it('--days 2 measures the move from the close two days before, for the event and the past', async () => {
    const { code, stdout } = await run(
      'contagion',
      '--date',
      '2025-11-21',
      '--days',
      '2',
      '--json',
    );
    expect(code).toBe(0);
    const json = JSON.parse(stdout) as ContagionJson & { days: number };
    expect(json.days).toBe(2);
    // Binance BTCUSDT 1d: close 2025-11-19 91,554.96 → 2025-11-21 85,129.43; low 80,600.
    expect(json.btc.return).toBeCloseTo(85129.43 / 91554.96 - 1, 5);
    expect(json.btc.drawdown).toBeCloseTo(80600 / 91554.96 - 1, 5);
    const bad = await run('contagion', '--date', '2025-11-21', '--days', '0');
    expect(bad.code).toBe(2);
  });

  it('invalid --window exits 2', async () => {
    const { code, stdout, stderr } = await run(
      'contagion',
      '--date',
      '2025-11-21',
      '--window',
      '5',
    );
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/--window/);
  });
});

interface DivergenceJson {
  requested: string;
  today: { date: string; btcReturn: number; equityReturn: number; regime: string };
  correlations: { index: string; window: number; pearson: number; spearman: number }[];
  attribution: { verdict: string; evidence: { factor: string; value: number | null }[] };
}

describe('cascade divergence', () => {
  it('a Saturday maps to Friday’s session; S&P up, BTC down on 2025-11-21', async () => {
    const { code, stdout } = await run('divergence', '--date', '2025-11-22', '--json');
    expect(code).toBe(0);
    const json = JSON.parse(stdout) as DivergenceJson;
    expect(json.today.date).toBe('2025-11-21');
    expect(json.today.btcReturn).toBeLessThan(0);
    // S&P 500 close 2025-11-20 6,538.76 → 2025-11-21 6,602.99 (+0.98%).
    expect(json.today.equityReturn).toBeCloseTo(0.0098, 3);
    expect(json.correlations.map((c) => `${c.index} ${c.window}`)).toEqual([
      'S&P 500 30',
      'S&P 500 90',
      'Nasdaq 30',
      'Nasdaq 90',
    ]);
    for (const c of json.correlations) {
      expect(Math.abs(c.pearson)).toBeLessThanOrEqual(1);
      expect(Math.abs(c.spearman)).toBeLessThanOrEqual(1);
    }
    expect(json.attribution.evidence.map((e) => e.factor)).toEqual([
      'liquidations',
      'open interest',
      'funding',
      'equities',
      'rates (2-year yield)',
      'VIX',
    ]);
    expect(json.attribution.evidence.find((e) => e.factor === 'open interest')?.value).toBeNull();
  });

  it('invalid date exits 2', async () => {
    const { code, stdout } = await run('divergence', '--date', 'yesterday');
    expect(code).toBe(2);
    expect(stdout).toBe('');
  });
});

interface RatesJson {
  betas: { index: string; window: number; betaPer10bp: number; correlation: number }[];
  firstCuts: {
    cut: string;
    paths: { asset: string; at: Record<string, number>; bottomedBefore: boolean }[];
  }[];
}

describe('cascade rates', () => {
  it('finite rate betas on 2025-11-21 and a path per asset around each first cut', async () => {
    const { code, stdout } = await run('rates', '--date', '2025-11-21', '--json');
    expect(code).toBe(0);
    const json = JSON.parse(stdout) as RatesJson;
    expect(json.betas).toHaveLength(4);
    for (const b of json.betas) {
      expect(Number.isFinite(b.betaPer10bp)).toBe(true);
      expect(Math.abs(b.correlation)).toBeLessThanOrEqual(1);
    }
    expect(json.firstCuts.map((c) => c.cut)).toEqual([
      '2019-07-31',
      '2020-03-03',
      '2024-09-18',
      '2025-09-17',
    ]);
    for (const study of json.firstCuts) {
      expect(study.paths.map((p) => p.asset)).toEqual(['S&P 500', 'Nasdaq', 'BTC']);
      for (const p of study.paths) expect(p.at['0']).toBe(0);
    }
    expect((JSON.parse(stdout) as { futuresBetas: unknown }).futuresBetas).toBeNull();
    const in2024 = await run('rates', '--date', '2024-08-05', '--json');
    expect((JSON.parse(in2024.stdout) as { futuresBetas: unknown[] }).futuresBetas).toHaveLength(4);
    // 2020-03-03 (emergency cut): the COVID low came after the cut.
    expect(json.firstCuts[1]?.paths[0]?.bottomedBefore).toBe(false);
  });

  it('invalid date exits 2', async () => {
    const { code, stdout } = await run('rates', '--date', '2025-11-31');
    expect(code).toBe(2);
    expect(stdout).toBe('');
  });
});

describe('cascade fedwatch --quotes', () => {
  const QUOTES = `contract,price
ZQN26,96.3688
ZQQ26,96.2825
ZQU26,96.2175
ZQV26,96.1325
ZQX26,96.0725
ZQZ26,96.0000
ZQF27,95.9650
ZQG27,95.9275
ZQH27,95.8975
ZQJ27,95.8675
ZQK27,95.8500
`;

  async function runWithFile(text: string, ...argv: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const io: CliIo = {
      stdout: (t) => out.push(t),
      stderr: (t) => err.push(t),
      readFile: (path) =>
        path === 'quotes.csv' ? Promise.resolve(text) : Promise.reject(new Error('ENOENT')),
      cwd: '/',
    };
    const code = await fedwatchCommand([...argv, ...NO_STORE], io);
    return { code, stdout: out.join(''), stderr: err.join('') };
  }

  it('reproduces CME’s 2026-07-14 screenshot from a quotes file (to 0.1 pp)', async () => {
    const { code, stdout, stderr } = await runWithFile(
      QUOTES,
      ...['--date', '2026-07-14', '--quotes', 'quotes.csv', '--range', '350-375', '--json'],
      ...['--meeting', '2027-01-27', '--meeting', '2027-03-17', '--meeting', '2027-04-28'],
    );
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const json = JSON.parse(stdout) as FedWatchJson;
    const pp = (date: string, range: string) =>
      Math.round((json.meetings.find((m) => m.date === date)?.probabilities[range] ?? 0) * 1000) /
      10;
    expect(pp('2026-07-29', '375-400')).toBeCloseTo(36.9, 5);
    expect(pp('2026-09-16', '375-400')).toBeCloseTo(51.9, 5);
    expect(pp('2026-12-09', '400-425')).toBeCloseTo(35.9, 5);
    expect(pp('2027-04-28', '425-450')).toBeCloseTo(23.7, 5);
  });

  it('bad quotes exit 2 naming the line and field', async () => {
    const bad = await runWithFile(
      'contract,price\nZQN26,abc\n',
      '--date',
      '2026-07-14',
      '--quotes',
      'quotes.csv',
      '--range',
      '350-375',
    );
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toMatch(/line 2: price/);
    const range = await runWithFile(
      QUOTES,
      '--date',
      '2026-07-14',
      '--quotes',
      'quotes.csv',
      '--range',
      '350-380',
    );
    expect(range.code).toBe(2);
    expect(range.stderr).toMatch(/--range/);
    const noRange = await runWithFile(QUOTES, '--date', '2026-07-14', '--quotes', 'quotes.csv');
    expect(noRange.code).toBe(2);
    expect(noRange.stderr).toMatch(/--range/);
  });
});
