import { Field } from '../forms/Field';
import type { SectionProps } from './formParts';

export function AdvancedFields({
  form,
  set,
  errors,
  open,
  onToggle,
}: SectionProps & { open: boolean; onToggle(open: boolean): void }) {
  const recurring = form.when === 'recurring';
  return (
    <details className="section advanced" open={open} onToggle={(e) => onToggle((e.target as HTMLDetailsElement).open)}>
      <summary>Advanced: priority, deadline, key, debounce, stream, retries</summary>
      <div className="grid-2">
        <Field label="Priority" name="priority" errors={errors}>
          {(p) => (
            <select
              {...p}
              value={form.priority}
              onChange={(e) => set({ priority: e.target.value as typeof form.priority })}
            >
              <option value="">medium (default)</option>
              <option value="high">high</option>
              <option value="medium">medium</option>
              <option value="low">low</option>
            </select>
          )}
        </Field>
        <Field label="Position among equals" name="position" errors={errors}>
          {(p) => (
            <select
              {...p}
              value={form.position}
              onChange={(e) => set({ position: e.target.value as typeof form.position })}
            >
              <option value="">back (default): in due order</option>
              <option value="front">front: before those waiting</option>
            </select>
          )}
        </Field>
        {recurring ? null : (
          <Field
            label={`Deadline (${form.timezone})`}
            name="deadline"
            errors={errors}
            hint="Runs at high priority once the deadline is near."
          >
            {(p) => (
              <input
                {...p}
                type="datetime-local"
                value={form.deadline}
                onChange={(e) => set({ deadline: e.target.value })}
              />
            )}
          </Field>
        )}
        <Field
          label={recurring ? 'Schedule key' : 'Key'}
          name="key"
          errors={errors}
          hint={
            recurring
              ? 'Saving again with this key updates that schedule.'
              : 'A new task with the key of a waiting one replaces it.'
          }
        >
          {(p) => <input {...p} autoComplete="off" value={form.key} onChange={(e) => set({ key: e.target.value })} />}
        </Field>
        {recurring ? null : (
          <>
            <Field
              label="Debounce (seconds)"
              name="debounce.period"
              errors={errors}
              hint="With a key: due this long after the newest task of the key, instead of the time above."
            >
              {(p) => (
                <input
                  {...p}
                  type="number"
                  min={0}
                  step="any"
                  value={form.debounceSeconds}
                  onChange={(e) => set({ debounceSeconds: e.target.value })}
                />
              )}
            </Field>
            <Field
              label="Debounce at most (seconds)"
              name="debounce.maxWait"
              errors={errors}
              hint="Never later than this after the first task of the key."
            >
              {(p) => (
                <input
                  {...p}
                  type="number"
                  min={0}
                  step="any"
                  value={form.maxWaitSeconds}
                  onChange={(e) => set({ maxWaitSeconds: e.target.value })}
                />
              )}
            </Field>
          </>
        )}
        <Field label="Stream" name="stream" errors={errors} hint="Tasks of one stream run one at a time, in order.">
          {(p) => (
            <input {...p} autoComplete="off" value={form.stream} onChange={(e) => set({ stream: e.target.value })} />
          )}
        </Field>
        <Field label="Timeout (seconds)" name="timeout" errors={errors}>
          {(p) => (
            <input
              {...p}
              type="number"
              min={0}
              step="any"
              placeholder="30"
              value={form.timeoutSeconds}
              onChange={(e) => set({ timeoutSeconds: e.target.value })}
            />
          )}
        </Field>
        <Field label="Attempts in all" name="retry.maxAttempts" errors={errors}>
          {(p) => (
            <input
              {...p}
              type="number"
              min={1}
              max={100}
              placeholder="5"
              value={form.maxAttempts}
              onChange={(e) => set({ maxAttempts: e.target.value })}
            />
          )}
        </Field>
        <Field label="Backoff" name="retry.backoff" errors={errors}>
          {(p) => (
            <select
              {...p}
              value={form.backoff}
              onChange={(e) => set({ backoff: e.target.value as typeof form.backoff })}
            >
              <option value="">exponential (default)</option>
              <option value="exponential">exponential</option>
              <option value="fixed">fixed</option>
            </select>
          )}
        </Field>
        <Field label="First retry after (seconds)" name="retry.baseDelay" errors={errors}>
          {(p) => (
            <input
              {...p}
              type="number"
              min={0}
              step="any"
              placeholder="2"
              value={form.baseDelaySeconds}
              onChange={(e) => set({ baseDelaySeconds: e.target.value })}
            />
          )}
        </Field>
        <Field label="Longest wait between retries (seconds)" name="retry.maxDelay" errors={errors}>
          {(p) => (
            <input
              {...p}
              type="number"
              min={0}
              step="any"
              placeholder="600"
              value={form.maxDelaySeconds}
              onChange={(e) => set({ maxDelaySeconds: e.target.value })}
            />
          )}
        </Field>
        <Field label="Jitter (0 to 1)" name="retry.jitter" errors={errors}>
          {(p) => (
            <input
              {...p}
              type="number"
              min={0}
              max={1}
              step="0.05"
              placeholder="0.5"
              value={form.jitter}
              onChange={(e) => set({ jitter: e.target.value })}
            />
          )}
        </Field>
      </div>
    </details>
  );
}
