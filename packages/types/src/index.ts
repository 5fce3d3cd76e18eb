export * from './schemas/index.js';
export { contractChecks } from './contract.js';
import type { components } from './generated/public.js';

type Schemas = components['schemas'];
export type Task = Schemas['Task'];
export type TaskSummary = Schemas['TaskSummary'];
export type TaskCreated = Schemas['TaskCreated'];
export type TaskList = Schemas['TaskList'];
export type Attempt = Schemas['Attempt'];
export type WebhookTargetSpec = Schemas['WebhookTarget'];
export type Schedule = Schemas['Schedule'];
export type ScheduleList = Schemas['ScheduleList'];
export type TaskTemplateSpec = Schemas['TaskTemplate'];
export type ErrorResponse = Schemas['Error'];
export type ApiKey = Schemas['ApiKey'];
export type ApiKeyCreated = Schemas['ApiKeyCreated'];
export type SigningKeys = Schemas['SigningKeys'];
