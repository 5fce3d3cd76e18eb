import { ChoiceGroup } from '../forms/ChoiceGroup';
import { Field } from '../forms/Field';
import { TimeZoneSelect } from '../forms/TimeZoneSelect';
import { DurationInput } from './DurationInput';
import type { SectionProps } from './formParts';
import { SchedulePreview } from './SchedulePreview';
import { isoDuration } from '../forms/durations';
import type { When } from './taskFields';

const modes: (readonly [When, string])[] = [
  ['at', 'At'],
  ['in', 'In'],
  ['within', 'At a random moment within'],
  ['recurring', 'Recurring'],
];

/** What a cron rule may be: the scheduler takes 5 fields, or 6 with seconds first. */
export const cronHint =
  '5 fields: minute hour day month weekday, e.g. 0 9 * * 1-5; or 6 with seconds first, e.g. 30 0 9 * * 1-5';

export function TimeZoneField({ form, set, errors }: SectionProps) {
  return (
    <Field label="Time zone" name="timezone" errors={errors}>
      {(p) => <TimeZoneSelect {...p} value={form.timezone} onChange={(timezone) => set({ timezone })} />}
    </Field>
  );
}

export function TimingFields(props: SectionProps) {
  const { form, set, errors } = props;
  return (
    <fieldset className="section">
      <legend>When</legend>
      <ChoiceGroup label="When" name="when" value={form.when} options={modes} onChange={(when) => set({ when })} />
      {form.when === 'at' ? (
        <div className="row">
          <Field label="Date and time" name="runAt" errors={errors} className="field-grow">
            {(p) => (
              <input {...p} type="datetime-local" value={form.runAt} onChange={(e) => set({ runAt: e.target.value })} />
            )}
          </Field>
          <TimeZoneField {...props} />
        </div>
      ) : null}
      {form.when === 'in' ? (
        <DurationInput
          label="Due in"
          name="delay"
          errors={errors}
          amount={form.inAmount}
          unit={form.inUnit}
          onChange={(inAmount, inUnit) => set({ inAmount, inUnit })}
        />
      ) : null}
      {form.when === 'within' ? (
        <DurationInput
          label="Within the next"
          name="within"
          errors={errors}
          amount={form.withinAmount}
          unit={form.withinUnit}
          onChange={(withinAmount, withinUnit) => set({ withinAmount, withinUnit })}
          hint="The moment is drawn once, now, and shown on the task."
        />
      ) : null}
      {form.when === 'recurring' ? (
        <>
          <ChoiceGroup
            label="Repeat by"
            name="recurrence"
            value={form.recurrence}
            options={[
              ['cron', 'Cron'],
              ['every', 'Every'],
            ]}
            onChange={(recurrence) => set({ recurrence })}
          />
          <div className="row">
            {form.recurrence === 'cron' ? (
              <Field label="Cron expression" name="cron" errors={errors} className="field-grow" hint={cronHint}>
                {(p) => (
                  <input
                    {...p}
                    spellCheck={false}
                    autoComplete="off"
                    className="mono"
                    value={form.cron}
                    onChange={(e) => set({ cron: e.target.value })}
                  />
                )}
              </Field>
            ) : (
              <DurationInput
                label="Every"
                name="every"
                errors={errors}
                amount={form.everyAmount}
                unit={form.everyUnit}
                onChange={(everyAmount, everyUnit) => set({ everyAmount, everyUnit })}
              />
            )}
            <TimeZoneField {...props} />
          </div>
          <SchedulePreview
            rule={
              form.recurrence === 'cron'
                ? { cron: form.cron, timezone: form.timezone }
                : { every: isoDuration(form.everyAmount, form.everyUnit), timezone: form.timezone }
            }
          />
        </>
      ) : null}
    </fieldset>
  );
}
