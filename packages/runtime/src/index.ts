export { createLogger, type Logger } from './logger.js';
export { redactSecrets } from './secretRedaction.js';
export { parseEnv, envInt, envPort, ConfigError } from './envConfig.js';
export {
  HttpError,
  badInputWhen,
  badRequest,
  errorHandler,
  issuesFromZod,
  notFoundRoute,
  parseOr400,
  unavailableWhen,
  type ErrorBody,
  type ErrorClassifier,
  type ErrorIssue,
} from './httpErrors.js';
export { closestField, editDistance, issueMessages, sentenceFor, type IssueMessages } from './issueMessages.js';
export { jsonBody } from './jsonBody.js';
export { healthRoutes, probe, type Readiness } from './health.js';
export { onShutdown, type ShutdownStep } from './shutdown.js';
export { parentPidVariable, processAlive } from './parentWatch.js';
export { closeServer, listen } from './httpServer.js';
export { createMetricsRegistry, metricsRoute } from './metrics.js';
export { ScrapeRead } from './scrapeRead.js';
