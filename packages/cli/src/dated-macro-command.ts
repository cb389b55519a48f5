/**
 * The shape shared by macro commands that take `--date D [--data-dir DIR] [--json]`: parse and
 * validate the options, build a report from the store or the embedded files, print it.
 */
import { isIsoDate } from '@cascade/analytics';
import { parseArgs } from 'node:util';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, type CliIo } from './io.js';
import { type MacroSource, withMacroSource } from '@cascade/services';

export interface DatedMacroCommand<R> {
  readonly name: string;
  readonly help: string;
  readonly build: (date: string, source: MacroSource) => Promise<R | undefined>;
  readonly toText: (report: R) => string;
  /** Why there is no report for `date` (exit 1). */
  readonly missing: (date: string) => string;
}

export async function runDatedMacroCommand<R>(
  command: DatedMacroCommand<R>,
  argv: readonly string[],
  io: CliIo,
): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      date: { type: 'string' },
      'data-dir': { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    io.stdout(command.help);
    return EXIT_OK;
  }
  const date = values.date;
  if (date === undefined || !isIsoDate(date)) {
    io.stderr(`${command.name}: --date must be a calendar date YYYY-MM-DD\n\n${command.help}`);
    return EXIT_USAGE;
  }
  const report = await withMacroSource(io.cwd, values['data-dir'], (source) =>
    command.build(date, source),
  );
  if (report === undefined) {
    io.stderr(`${command.name}: ${command.missing(date)}\n`);
    return EXIT_FAILURE;
  }
  io.stdout(values.json ? `${JSON.stringify(report, null, 2)}\n` : command.toText(report));
  return EXIT_OK;
}
