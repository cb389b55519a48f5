import { dataDir, storePath, type MarketStore } from '@cascade/adapters';
import { isIsoDate } from '@cascade/analytics';
import {
  briefJson,
  checkableText,
  checkGrounding,
  generateBrief,
  markdownDocument,
  memoizeSource,
  type Brief,
  type GroundingReport,
  type LlmConfig,
} from '@cascade/brief';
import { fileSource, openStore, storeSource, type MacroSource } from '@cascade/services';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, type CliIo } from '../io.js';

export const BRIEF_HELP = `Usage: cascade brief --date YYYY-MM-DD [--symbol BTC] [--format md|html|json] [--out DIR] [--check]

Writes the market brief for DATE (UTC): an article of 1,200-1,800 words with SEO metadata (title
<= 60 characters, meta description <= 160, slug, keywords), sections chosen and ordered by what the
data shows (price and the level it broke, realized and estimated liquidations, the simulated
cascade, equities and the Fed outlook, divergence and attribution, history, altcoin contagion,
risk management, what to monitor), charts as SVG and a facts table. Every number in the text is
rendered from the facts table (id, value, unit, source); nothing is typed into the prose.

Options:
  --date YYYY-MM-DD   day of the brief, UTC (required)
  --symbol SYM        only BTC today (default BTC)
  --format FMT        md (default): front matter + article + facts table; html: a standalone
                      page with the charts embedded; json: { title, metaDescription, slug,
                      keywords, wordCount, markdown, facts: [{ id, value, unit, source }], ... }
  --out DIR           write brief.<format> and the chart files (price.svg, liquidations.svg,
                      btc-vs-spx.svg, fedwatch.svg) into DIR instead of printing to stdout
  --check             grounding check: every numeric token of the title, description and
                      article (prices, percentages, $ amounts with K/M/B, counts, dates) must
                      match a fact under its stated rounding; prints the result on stderr and
                      exits 1 when a token is not grounded
  --text FILE         with --check: check this text (e.g. an edited or polished copy of the
                      brief) against the day's facts instead of the generated article
  --scenarios N       Monte Carlo scenarios for the cascade section (default 200; 0 skips it)
  --data-dir DIR      market store (default $CASCADE_DATA_DIR, else ./.cascade); without it,
                      the embedded files in data/ are read
  -h, --help          show this help

Polishing: when CASCADE_LLM_URL is set (an OpenAI-compatible base URL such as
http://127.0.0.1:8080/v1; model from CASCADE_LLM_MODEL, key from CASCADE_LLM_KEY), the wording is
sent for polishing. A polished text that changes, drops or adds any number, fails the grounding
check or leaves the word range is rejected and the deterministic text is kept (stderr says why).

Exit codes: 0 ok; 1 no BTC price for DATE, or --check failed; 2 invalid input.
`;

const FORMATS = ['md', 'html', 'json'] as const;
type Format = (typeof FORMATS)[number];

function isFormat(value: string): value is Format {
  return (FORMATS as readonly string[]).includes(value);
}

function llmConfig(env: NodeJS.ProcessEnv): LlmConfig | undefined {
  const url = env['CASCADE_LLM_URL'];
  if (url === undefined || url === '') return undefined;
  return { url, model: env['CASCADE_LLM_MODEL'] ?? 'gpt-4o-mini', apiKey: env['CASCADE_LLM_KEY'] };
}

/** The store (when it exists) and a macro source over it, else over the embedded files. */
async function openSources(
  cwd: string,
  dir: string | undefined,
): Promise<{ source: MacroSource; store: MarketStore | undefined; path: string }> {
  const path = storePath(dir === undefined ? dataDir(cwd, process.env) : resolve(cwd, dir));
  if (!existsSync(path))
    return {
      source: fileSource('embedded files in data/'),
      store: undefined,
      path,
    };
  const store = await openStore(cwd, dir === undefined ? undefined : resolve(cwd, dir));
  if ((await store.count('macro_series')) > 0)
    return { source: storeSource(store, 'market store (DuckDB)'), store, path };
  return {
    source: fileSource('embedded files in data/ (the store lacks the macro tables)'),
    store,
    path,
  };
}

function render(brief: Brief, format: Format): string {
  if (format === 'json') return `${JSON.stringify(briefJson(brief), null, 2)}\n`;
  return format === 'html' ? brief.html : markdownDocument(brief);
}

async function writeOut(brief: Brief, format: Format, dir: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  const file = join(dir, `brief.${format}`);
  await writeFile(file, render(brief, format));
  for (const chart of brief.charts) await writeFile(join(dir, chart.file), chart.svg);
  return file;
}

function checkReport(brief: Brief, g: GroundingReport): string {
  if (g.ok)
    return `check: ok, ${g.tokenCount} numeric tokens, all grounded in ${brief.facts.length} facts\n`;
  const lines = g.unmatched.map((u) => `  "${u.text}" in …${u.context}…`);
  return `check: FAILED, ${g.unmatched.length} of ${g.tokenCount} numeric tokens not grounded:\n${lines.join('\n')}\n`;
}

export async function briefCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      date: { type: 'string' },
      symbol: { type: 'string', default: 'BTC' },
      format: { type: 'string', default: 'md' },
      out: { type: 'string' },
      check: { type: 'boolean', default: false },
      text: { type: 'string' },
      scenarios: { type: 'string' },
      'data-dir': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    io.stdout(BRIEF_HELP);
    return EXIT_OK;
  }
  const { date, format, symbol } = values;
  const scenarios = values.scenarios === undefined ? undefined : Number(values.scenarios);
  const usage = (message: string) => {
    io.stderr(`brief: ${message}\n\n${BRIEF_HELP}`);
    return EXIT_USAGE;
  };
  if (date === undefined || !isIsoDate(date))
    return usage('--date must be a calendar date YYYY-MM-DD');
  if (!isFormat(format)) return usage(`--format must be one of ${FORMATS.join(', ')}`);
  if (symbol.toUpperCase() !== 'BTC') return usage('--symbol: only BTC is supported');
  if (scenarios !== undefined && !(Number.isInteger(scenarios) && scenarios >= 0))
    return usage('--scenarios must be a whole number >= 0');
  const { source, store, path } = await openSources(io.cwd, values['data-dir']);
  let brief: Brief;
  try {
    brief = await generateBrief({
      date,
      symbol: 'BTC',
      source: memoizeSource(source),
      store,
      cacheDir: join(dirname(path), 'cache'),
      llm: llmConfig(process.env),
      ...(scenarios === undefined ? {} : { scenarios }),
    });
  } finally {
    await source.close();
    if (store !== undefined && source.label.startsWith('embedded')) await store.close();
  }
  if (brief.wordCount === 0 || !brief.facts.some((f) => f.id === 'price.close')) {
    io.stderr(`brief: no BTC price stored for ${date}\n`);
    return EXIT_FAILURE;
  }
  if (brief.polish.attempted)
    io.stderr(
      brief.polish.accepted
        ? 'brief: polished text accepted\n'
        : `brief: polished text rejected (${brief.polish.reason ?? ''}); deterministic text kept\n`,
    );
  if (values.out === undefined) io.stdout(render(brief, format));
  else
    io.stderr(
      `brief: wrote ${await writeOut(brief, format, resolve(io.cwd, values.out))} and ${brief.charts.length} charts\n`,
    );
  if (values.check) {
    const grounding =
      values.text === undefined
        ? brief.grounding
        : checkGrounding(
            checkableText(await io.readFile(resolve(io.cwd, values.text))),
            brief.facts,
          );
    io.stderr(checkReport(brief, grounding));
    if (!grounding.ok) return EXIT_FAILURE;
  }
  return EXIT_OK;
}
