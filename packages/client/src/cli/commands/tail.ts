import type { TaskEvent } from '../../events.js';
import type { Command } from '../command.js';
import { paint, paintStatus, type Output } from '../output.js';

function eventLine(out: Output, event: TaskEvent): string {
  const time = new Date(event.at).toISOString().slice(11, 23);
  const detail = [
    event.attempt > 0 ? `attempt ${event.attempt}` : '',
    event.httpStatus !== undefined ? `HTTP ${event.httpStatus}` : '',
    event.error ?? '',
    event.scheduleId ? `schedule ${event.scheduleId}` : '',
  ].filter(Boolean);
  return (
    `${paint(out, 'dim', time)}  task ${event.taskId.padEnd(8)} ${paintStatus(out, event.status, 9)}  ${detail.join('  ')}`.trimEnd() +
    '\n'
  );
}

export const tailCommand: Command = {
  path: ['tail'],
  synopsis: '[--after EVENT_ID]',
  summary: 'Print your task events as they happen, until Ctrl-C; reconnects by itself without losing any.',
  options: {
    after: {
      type: 'string',
      value: 'EVENT_ID',
      description: 'start after this event (an id an earlier tail printed with --json)',
    },
  },
  async run(context, values) {
    const client = await context.client();
    const events = client.events.subscribe({
      signal: context.interrupted(),
      ...(values.after ? { after: values.after as string } : {}),
      onReconnect: ({ waitMs, cause }) => {
        if (!context.json)
          context.err.write(
            paint(
              context.err,
              'yellow',
              `connection lost (${(cause as Error).message}); reconnecting in ${waitMs} ms\n`,
            ),
          );
      },
    });
    // One JSON document per line with --json, so `later tail --json | jq` works as it arrives.
    for await (const event of events)
      context.out.write(context.json ? `${JSON.stringify(event)}\n` : eventLine(context.out, event));
  },
};
