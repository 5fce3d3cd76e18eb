import { useState } from 'react';
import { answer, api, type Task } from '../api/client';
import { Field, FormProblems } from '../forms/Field';
import { isoDuration, type DurationUnit } from '../forms/durations';
import { ChoiceGroup } from '../forms/ChoiceGroup';
import { useSubmit } from '../forms/useSubmit';
import { instantToZoned } from '../time/zonedTime';
import { DurationInput } from './DurationInput';

/** Moves a task that has not run to a new time: in a while, or at a local time in the user's zone. */
export function Reschedule({ task, timezone, onDone }: { task: Task; timezone: string; onDone(task: Task): void }) {
  const [mode, setMode] = useState<'in' | 'at'>('in');
  const [amount, setAmount] = useState('1');
  const [unit, setUnit] = useState<DurationUnit>('H');
  const [runAt, setRunAt] = useState(() =>
    instantToZoned(Math.max(Date.parse(task.dueAt), Date.now()) + 3_600_000, timezone),
  );
  const { errors, busy, onSubmit } = useSubmit(['delay', 'runAt', 'timezone'], async () => {
    const body = mode === 'in' ? { delay: isoDuration(amount, unit) } : { runAt, timezone };
    onDone(await answer(api.PATCH('/v1/tasks/{id}', { params: { path: { id: task.id } }, body })));
  });

  return (
    <form className="reschedule" onSubmit={onSubmit} noValidate aria-label="Reschedule">
      <FormProblems errors={errors} />
      <ChoiceGroup<'in' | 'at'>
        label="New time"
        name="reschedule-mode"
        value={mode}
        options={
          [
            ['in', 'In'],
            ['at', 'At'],
          ] as const
        }
        onChange={setMode}
      />
      <div className="row row-end">
        {mode === 'in' ? (
          <DurationInput
            label="From now, in"
            name="delay"
            errors={errors}
            amount={amount}
            unit={unit}
            onChange={(a, u) => (setAmount(a), setUnit(u))}
          />
        ) : (
          <Field label={`Date and time (${timezone})`} name="runAt" errors={errors}>
            {(p) => <input {...p} type="datetime-local" value={runAt} onChange={(e) => setRunAt(e.target.value)} />}
          </Field>
        )}
        <button type="submit" disabled={busy}>
          Reschedule
        </button>
      </div>
    </form>
  );
}
