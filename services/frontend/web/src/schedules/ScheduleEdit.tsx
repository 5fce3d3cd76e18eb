import { useState } from 'react';
import { answer, api, type Schedule, type Schemas } from '../api/client';
import { Field, FormProblems } from '../forms/Field';
import { TimeZoneSelect } from '../forms/TimeZoneSelect';
import { useSubmit } from '../forms/useSubmit';
import { cronHint } from '../tasks/TimingFields';

type Template = Schemas['TaskTemplate'];

/** The one line a schedule's runs go to, by channel: a URL, an email address, a phone number. */
const destinationField = { webhook: 'url', email: 'to', sms: 'to' } as const;

const destinationOf = (task: Template) =>
  (task.channel === 'webhook' ? task.webhook?.url : task.channel === 'email' ? task.email?.to : task.sms?.to) ?? '';

function withDestination(task: Template, destination: string): Template {
  if (task.channel === 'webhook') return { ...task, webhook: { ...task.webhook!, url: destination } };
  if (task.channel === 'email') return { ...task, email: { ...task.email!, to: destination } };
  return { ...task, sms: { ...task.sms!, to: destination } };
}

/**
 * Edits a schedule's rule, time zone and destination with PUT /v1/schedules/{id}; everything else
 * (its task's body, retry, its limits) is sent back as it is. Its start is not sent, so an
 * `every` rule keeps counting from its first start; its state (active, paused) stays.
 */
export function ScheduleEdit({ schedule, onDone }: { schedule: Schedule; onDone(changed: Schedule): void }) {
  const [rule, setRule] = useState(schedule.cron ?? schedule.every ?? '');
  const [timezone, setTimezone] = useState(schedule.timezone);
  const [destination, setDestination] = useState(destinationOf(schedule.task));
  const ruleName = schedule.cron !== undefined ? 'cron' : 'every';
  const destinationPath = `task.${schedule.task.channel}.${destinationField[schedule.task.channel]}`;
  const { errors, busy, onSubmit } = useSubmit([ruleName, 'timezone', destinationPath], async () => {
    const body = {
      ...(schedule.key !== undefined ? { key: schedule.key } : {}),
      [ruleName]: rule,
      timezone,
      ...(schedule.endAt !== undefined ? { endAt: schedule.endAt } : {}),
      ...(schedule.maxRuns !== undefined ? { maxRuns: schedule.maxRuns } : {}),
      catchUp: schedule.catchUp,
      backfillLimit: schedule.backfillLimit,
      task: withDestination(schedule.task, destination),
    };
    onDone(await answer(api.PUT('/v1/schedules/{id}', { params: { path: { id: schedule.id } }, body })));
  });
  return (
    <form className="schedule-edit" onSubmit={onSubmit} noValidate aria-label="Edit recurring task">
      <FormProblems errors={errors} />
      {ruleName === 'cron' ? (
        <Field label="Cron expression" name="cron" errors={errors} hint={cronHint}>
          {(p) => (
            <input
              {...p}
              spellCheck={false}
              autoComplete="off"
              className="mono"
              value={rule}
              onChange={(e) => setRule(e.target.value)}
            />
          )}
        </Field>
      ) : (
        <Field label="Every (ISO-8601 duration)" name="every" errors={errors} hint="e.g. PT15M, PT1H, P1D">
          {(p) => (
            <input
              {...p}
              spellCheck={false}
              autoComplete="off"
              className="mono"
              value={rule}
              onChange={(e) => setRule(e.target.value)}
            />
          )}
        </Field>
      )}
      <Field label="Time zone" name="timezone" errors={errors}>
        {(p) => <TimeZoneSelect {...p} value={timezone} onChange={setTimezone} />}
      </Field>
      <Field
        label={
          schedule.task.channel === 'webhook'
            ? 'URL'
            : schedule.task.channel === 'email'
              ? 'Email address'
              : 'Phone number'
        }
        name={destinationPath}
        errors={errors}
      >
        {(p) => (
          <input {...p} autoComplete="off" value={destination} onChange={(e) => setDestination(e.target.value)} />
        )}
      </Field>
      <div className="actions">
        <button type="submit" disabled={busy}>
          Save changes
        </button>
      </div>
    </form>
  );
}
