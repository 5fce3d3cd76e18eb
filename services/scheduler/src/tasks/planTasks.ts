import type { CreateTaskInput } from '@later/types';
import { computeDueAt } from '../time/dueTime.js';
import { debouncedDueAt } from './debounce.js';
import {
  checkUrlTargets,
  defaultSettings,
  deliverySettings,
  judgeOncePerUrl,
  type DeliverySettings,
} from './deliverySettings.js';
import { followUpRequests } from './followUpRequests.js';
import type { TaskDeps } from './taskDeps.js';

/** A task request checked and decided (due time, settings), not yet written. */
export interface PlannedTask {
  request: CreateTaskInput;
  dueAt: number;
  settings: DeliverySettings;
  /** On a callback: the task, and the attempt, whose final outcome it reports. */
  callbackFor?: { taskId: string; attempt: number };
  /** On a follow-up: the task, and the attempt that ended it, whose end creates it. */
  followUpOf?: { taskId: string; attempt: number };
  /** When it was planned (ms): a debounced task's run starts then unless it replaces one. */
  plannedAt: number;
  /** On a debounced task: when its run of replacements began (ms), decided under its key's turn. */
  debounceSince?: number;
}

/** Checks requests and decides their due times and settings, touching nothing; a refusal names a bad field. */
export function planTasks(
  deps: TaskDeps,
  requests: CreateTaskInput[],
  prefix: (index: number) => string = () => '',
): PlannedTask[] {
  const now = deps.clock.now();
  const defaults = defaultSettings(deps.config);
  const judge = judgeOncePerUrl(deps.egress);
  const withFollowUps = (request: CreateTaskInput, field: string) => [
    { request, field },
    ...followUpRequests(request, field),
  ];
  requests.forEach((request, i) =>
    withFollowUps(request, prefix(i)).forEach((one) => checkUrlTargets(judge, one.request, one.field)),
  );
  const plan = (request: CreateTaskInput, field: string): PlannedTask => ({
    request,
    dueAt: request.debounce
      ? debouncedDueAt(request.debounce, now, field)
      : computeDueAt(request, now, deps.random, field),
    settings: deliverySettings(request, defaults, field),
    plannedAt: now,
  });
  return requests.map((request, i) => {
    // A follow-up is planned now only to refuse what it could never be; it is planned again when it fires.
    for (const followUp of followUpRequests(request, prefix(i))) plan(followUp.request, followUp.field);
    return plan(request, prefix(i));
  });
}
