/** What the routes use: one open store for the process, the job queue, the logger, the live hub. */
import type { DuckDbMarketStore } from '@cascade/adapters';
import type { Logger } from 'pino';
import type { JobQueue } from './jobs/job-queue.js';
import type { LiveHub } from './live/live-hub.js';

export interface ServerContext {
  readonly store: DuckDbMarketStore;
  readonly jobs: JobQueue;
  readonly logger: Logger;
  /** The live liquidation feed; undefined unless enabled (--live or CASCADE_LIVE=1). */
  readonly live: LiveHub | undefined;
  readonly version: string;
  readonly startedMs: number;
}
