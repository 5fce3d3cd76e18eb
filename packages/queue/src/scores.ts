import { deliveryChannels, type DeliveryChannel } from './keys.js';

/**
 * The score layout of the due set, mirrored from lua/includes/scores.lua: dueAt * 64 + six flag
 * bits, so a claim knows each task's priority, position, stream membership and channel without
 * reading its body. A whole number: Redis replies those without float formatting.
 */
export const priorities = ['high', 'medium', 'low'] as const;
export type Priority = (typeof priorities)[number];

export interface DueFlags {
  priority: Priority;
  channel: DeliveryChannel;
  front?: boolean;
  inStream?: boolean;
}

export function dueScore(dueAt: number, flags: DueFlags): string {
  const bits =
    priorities.indexOf(flags.priority) +
    (flags.front ? 4 : 0) +
    (flags.inStream ? 8 : 0) +
    16 * deliveryChannels.indexOf(flags.channel);
  return (Math.floor(dueAt) * 64 + bits).toFixed(0);
}

/** The due time (ms) of a due-set score. */
export const dueTimeOf = (score: number): number => Math.floor(score / 64);

export function splitDueScore(score: number): { dueAt: number } & Required<DueFlags> {
  const bits = score % 64;
  return {
    dueAt: dueTimeOf(score),
    priority: priorities[bits % 4]!,
    front: (bits & 4) !== 0,
    inStream: (bits & 8) !== 0,
    channel: deliveryChannels[(bits >> 4) & 3]!,
  };
}

/**
 * The task of a ready list's entry, "<taskId>:<due score>:<readyMs>" (an entry made before ready
 * times were kept is the id alone). Mirrors splitReadyEntry in lua/includes/scores.lua.
 */
export const readyEntryTaskId = (entry: string): string => entry.split(':', 1)[0]!;
