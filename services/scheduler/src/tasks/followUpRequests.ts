import type { FollowUps } from '@later/store';
import type { CreateTaskInput } from '@later/types';

/** The follow-up fields of a task request, and the end of the task each one waits for. */
export const followUpEnds = { onDead: 'dead', onDelivered: 'delivered' } as const;
export type FollowUpField = keyof typeof followUpEnds;
const followUpFields = Object.keys(followUpEnds) as FollowUpField[];

/** A request's follow-ups, each with the path a 400 about it names (`onDead.`...). */
export function followUpRequests(
  request: CreateTaskInput,
  field: string,
): { request: CreateTaskInput; field: string }[] {
  return followUpFields.flatMap((name) => {
    const followUp = request[name];
    return followUp === undefined ? [] : [{ request: followUp, field: `${field}${name}.` }];
  });
}

/** What a task row keeps of a request's follow-ups, or null when it has none. */
export function followUpsOf(request: CreateTaskInput): FollowUps | null {
  if (request.onDead === undefined && request.onDelivered === undefined) return null;
  return {
    ...(request.onDead !== undefined ? { onDead: request.onDead } : {}),
    ...(request.onDelivered !== undefined ? { onDelivered: request.onDelivered } : {}),
  };
}
