/**
 * Benchmark harness: mitata measurements, printed as one JSON line per result.
 * Each benchmark measures its subject and a baseline over the same data in the same run, so the
 * ratio survives a noisy machine.
 */
import { measure } from 'mitata';

/** Small deterministic PRNG (mulberry32) so every run sees the same data. */
export function seededRandom(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Minimum time per call in milliseconds (fixed sample counts, min as zod's bench rules advise). */
export async function timeMs(fn, { samples = 15 } = {}) {
  const stats = await measure(fn, {
    min_samples: samples,
    max_samples: samples,
    min_cpu_time: 0,
    batch_samples: 1,
    warmup_samples: 2,
    gc: typeof globalThis.gc === 'function' ? globalThis.gc : false,
  });
  return { minMs: stats.min / 1e6, p50Ms: stats.p50 / 1e6 };
}

export function report(record) {
  process.stdout.write(
    `${JSON.stringify({ ...record, node: process.version, at: new Date().toISOString() })}\n`,
  );
}
