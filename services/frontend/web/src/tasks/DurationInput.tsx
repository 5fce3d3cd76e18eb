import { Field } from '../forms/Field';
import { durationUnits, type DurationUnit } from '../forms/durations';
import type { FormErrors } from '../forms/fieldErrors';

/** An amount and a unit, filling one API field that takes an ISO-8601 duration. */
export function DurationInput(props: {
  label: string;
  name: string;
  errors: FormErrors;
  amount: string;
  unit: DurationUnit;
  onChange(amount: string, unit: DurationUnit): void;
  hint?: string;
}) {
  return (
    <Field label={props.label} name={props.name} errors={props.errors} hint={props.hint}>
      {(p) => (
        <div className="duration">
          <input
            {...p}
            type="number"
            inputMode="numeric"
            min={0}
            step="any"
            value={props.amount}
            onChange={(e) => props.onChange(e.target.value, props.unit)}
          />
          <select
            aria-label={`${props.label}: unit`}
            value={props.unit}
            onChange={(e) => props.onChange(props.amount, e.target.value as DurationUnit)}
          >
            {durationUnits.map((u) => (
              <option key={u.value} value={u.value}>
                {u.label}
              </option>
            ))}
          </select>
        </div>
      )}
    </Field>
  );
}
