import { useEffect, useRef, useState } from 'react';
import { answer, api } from '../api/client';
import { useTimeZone } from '../api/session';
import { Page } from '../app/Page';
import { navigate } from '../app/router';
import { FormProblems } from '../forms/Field';
import { useSubmit } from '../forms/useSubmit';
import { AdvancedFields } from '../tasks/AdvancedFields';
import { ChannelFields } from '../tasks/ChannelFields';
import type { TaskForm } from '../tasks/taskFields';
import { advancedFields, blankTaskForm, requestOf, taskFormFields } from '../tasks/taskForm';
import { TimingFields } from '../tasks/TimingFields';
import { instantToZoned } from '../time/zonedTime';

export function NewTaskPage() {
  const timezone = useTimeZone();
  const [form, setForm] = useState<TaskForm>(() =>
    blankTaskForm(timezone, instantToZoned(Date.now() + 3_600_000, timezone)),
  );
  const [advancedOpen, setAdvancedOpen] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const set = (patch: Partial<TaskForm>) => setForm((old) => ({ ...old, ...patch }));
  const { errors, busy, onSubmit } = useSubmit(
    taskFormFields,
    async () => {
      const request = requestOf(form);
      if (request.kind === 'task') {
        const created = await answer(api.POST('/v1/tasks', { body: request.body }));
        navigate(`/tasks/${created.id}`);
      } else {
        const created = await answer(api.POST('/v1/schedules', { body: request.body }));
        navigate(`/schedules/${created.id}`);
      }
    },
    // A schedule's delivery fields are under `task.`; the form shows them as a task's.
    () => (form.when === 'recurring' ? 'task.' : ''),
  );

  // After a refused submit, "Advanced" opens if it holds an error, and the first field in error takes the focus.
  useEffect(() => {
    if (Object.keys(errors.fields).some((f) => advancedFields.includes(f))) setAdvancedOpen(true);
    setTimeout(() => formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
  }, [errors]);

  return (
    <Page title="New task">
      <form ref={formRef} className="card task-form" onSubmit={onSubmit} noValidate>
        <FormProblems errors={errors} />
        <ChannelFields form={form} set={set} errors={errors} />
        <TimingFields form={form} set={set} errors={errors} />
        <AdvancedFields form={form} set={set} errors={errors} open={advancedOpen} onToggle={setAdvancedOpen} />
        <div className="form-actions">
          <button type="submit" disabled={busy}>
            {form.when === 'recurring' ? 'Create recurring task' : 'Schedule task'}
          </button>
        </div>
      </form>
    </Page>
  );
}
