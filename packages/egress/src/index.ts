export { EgressPolicy, egressEnv } from './egressPolicy.js';
export { TargetBlockedError, guardedConnector } from './guardedConnector.js';
