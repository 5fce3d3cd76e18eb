import { deliveryChannels, type DeliveryChannel } from './keys.js';

/**
 * The score layout of the due set, mirrored from lua/includes/scores.lua: six flag bits below
 * the millisecond, so a claim knows each task's priority, position, stream membership and
 * channel without reading its body.
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
    priorities.indexOf(flags.priority) + (flags.front ? 4 : 0) + (flags.inStream ? 8 : 0) + 16 * deliveryChannels.indexOf(flags.channel);
  return (Math.floor(dueAt) + bits / 64).toFixed(6);
}

export function splitDueScore(score: number): { dueAt: number } & Required<DueFlags> {
  const dueAt = Math.floor(score);
  const bits = Math.round((score - dueAt) * 64);
  return {
    dueAt,
    priority: priorities[bits % 4]!,
    front: (bits & 4) !== 0,
    inStream: (bits & 8) !== 0,
    channel: deliveryChannels[(bits >> 4) & 3]!,
  };
}
