import type { ReminderRequest } from '../../client.js';
import { ArgumentError, type Command } from '../command.js';
import { json } from '../output.js';
import { durationOption } from './taskRequest.js';
import { createdLine } from './tasks.js';

export const remindCommand: Command = {
  path: ['remind'],
  synopsis: '"TEXT" --within DURATION [--sms] [--to ADDRESS]',
  summary: 'Remind yourself by email (or SMS) at a random moment within a window, never in your quiet hours.',
  options: {
    within: { type: 'string', value: 'DURATION', description: 'the window from now: PT1H, 3d, 90m' },
    sms: { type: 'boolean', description: 'send an SMS to your phone instead of an email' },
    to: { type: 'string', value: 'ADDRESS', description: 'another email address or E.164 number than your own' },
  },
  positionals: ['TEXT'],
  async run(context, values, positionals) {
    const within = durationOption(values, 'within');
    if (within === undefined) throw new ArgumentError('--within is required');
    const request: ReminderRequest = {
      text: positionals[0]!,
      within,
      ...(values.sms ? { channel: 'sms' as const } : {}),
      ...(values.to ? { to: values.to as string } : {}),
    };
    const created = await (await context.client()).reminders.create(request);
    context.out.write(context.json ? json(created) : createdLine(context.out, 'Reminder', created));
  },
};
