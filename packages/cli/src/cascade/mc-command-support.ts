/** CLI plumbing of `montecarlo` and `stress`: the progress bar of a Monte Carlo run. */
import { SingleBar } from 'cli-progress';

/** A progress bar on stderr when it is a terminal; silent otherwise. */
export function progressBar(
  total: number,
  label: string,
): { update: (done: number) => void; stop: () => void } {
  if (!process.stderr.isTTY) return { update: () => undefined, stop: () => undefined };
  const bar = new SingleBar({
    format: `${label} [{bar}] {value}/{total} scenarios {eta_formatted}`,
    hideCursor: true,
    stream: process.stderr,
  });
  bar.start(total, 0);
  return {
    update: (done) => {
      bar.update(done);
    },
    stop: () => {
      bar.stop();
    },
  };
}
