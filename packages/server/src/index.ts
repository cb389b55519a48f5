export { createApp, DEFAULT_BODY_LIMIT_BYTES, type AppOptions, type CascadeApp } from './app.js';
export type { RouteDoc } from './api-router.js';
export type { ServerContext } from './context.js';
export { defaultDashboardDir } from './dashboard-files.js';
export { JobQueue, type JobView } from './jobs/job-queue.js';
export { openApiDocument } from './openapi.js';
export { bindRefusal, isLoopback, TOKEN_ENV } from './security.js';
export {
  BindRefusedError,
  DEFAULT_HOST,
  DEFAULT_PORT,
  defaultLogger,
  startServer,
  type RunningServer,
  type ServeOptions,
} from './serve.js';
