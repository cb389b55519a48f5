/** `--scenario FILE` or `--date DAY` (built from data) for simulate and montecarlo. */
import {
  buildScenario,
  loadParsedScenario,
  readScenarioBooks,
  readScenarioFile,
  scenarioOrigin,
  withStore,
  type LoadedScenario,
} from '@cascade/services';
import { readFileSync } from 'node:fs';

export interface ScenarioArgs {
  readonly scenario?: string | undefined;
  readonly date?: string | undefined;
  readonly 'data-dir'?: string | undefined;
}

/** The loaded market and where its scenario came from ("built from data …" or "hand-written"). */
export async function scenarioFromArgs(
  values: ScenarioArgs,
  cwd: string,
): Promise<{ loaded: LoadedScenario; origin: string }> {
  const dir = values['data-dir'];
  if (values.scenario === undefined) {
    const date = values.date ?? '';
    const built = await withStore(cwd, dir, (store) => buildScenario(store, date));
    const file = `scenario --date ${date}`;
    return {
      loaded: loadParsedScenario(built.scenario, file, [], built.books),
      origin: scenarioOrigin(built.scenario),
    };
  }
  const file = values.scenario;
  const scenario = readScenarioFile(file);
  const books = await readScenarioBooks(scenario, file, cwd, dir);
  return {
    loaded: loadParsedScenario(scenario, file, [], books),
    origin: scenarioOrigin(JSON.parse(readFileSync(file, 'utf8')) as unknown),
  };
}
