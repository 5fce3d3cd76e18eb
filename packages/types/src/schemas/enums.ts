export const channels = ['webhook', 'email', 'sms'] as const;
export const taskStatuses = ['scheduled', 'running', 'retrying', 'delivered', 'dead', 'cancelled'] as const;
export const finalStatuses = ['delivered', 'dead', 'cancelled'] as const;
export const attemptOutcomes = ['running', 'success', 'retryable', 'permanent', 'lost', 'skipped'] as const;
export const webhookMethods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
export const priorities = ['high', 'medium', 'low'] as const;
export const positions = ['front', 'back'] as const;
export const backoffKinds = ['fixed', 'exponential'] as const;
export const catchUpPolicies = ['fireOnce', 'skip', 'backfill'] as const;
export const scheduleStatuses = ['active', 'paused', 'ended'] as const;

export type Channel = (typeof channels)[number];
export type TaskStatus = (typeof taskStatuses)[number];
export type AttemptOutcomeName = (typeof attemptOutcomes)[number];
export type PriorityName = (typeof priorities)[number];
export type CatchUpPolicy = (typeof catchUpPolicies)[number];
export type ScheduleStatus = (typeof scheduleStatuses)[number];
