// The compiled worker path of POST /api/simulate (dist/, built by `tsc -b` before the tests run)
// gives the same document as the in-thread run.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../repo-paths.js';
import { scenarioSchema } from './scenario-schema.js';
import { describe, expect, it } from 'vitest';
import { runSimulation, type simulateOffThread } from './simulate-run.js';

describe('simulateOffThread', () => {
  it('runs the scenario on a worker thread with the same result as in this thread', async () => {
    const file = join(repoRoot(), 'examples', 'scenarios', '2025-11-21.json');
    const scenario = scenarioSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
    const compiled = (await import(
      new URL('../../dist/cascade/simulate-run.js', import.meta.url).href
    )) as { simulateOffThread: typeof simulateOffThread };
    const [offThread, inThread] = [
      await compiled.simulateOffThread(scenario, file),
      runSimulation(scenario, file),
    ];
    expect(offThread.ok).toBe(true);
    expect(offThread).toEqual(inThread);
  }, 60_000);

  it('reports a scenario whose files cannot be read as an input error', () => {
    const file = join(repoRoot(), 'examples', 'scenarios', '2025-11-21.json');
    const scenario = scenarioSchema.parse({
      ...(JSON.parse(readFileSync(file, 'utf8')) as object),
      positions: [{ kind: 'file', file: '../../data/no-such-positions.json' }],
    });
    expect(runSimulation(scenario, file)).toEqual({
      ok: false,
      inputError:
        'a file the scenario references does not exist (paths resolve from examples/scenarios/)',
    });
  });
});
