/** Mutually exclusive options shown as pills: real radio buttons, so arrow keys move between them. */
export function ChoiceGroup<T extends string>(props: {
  label: string;
  name: string;
  value: T;
  options: readonly (readonly [T, string])[];
  onChange(value: T): void;
}) {
  return (
    <div className="choice-row" role="radiogroup" aria-label={props.label}>
      {props.options.map(([value, text]) => (
        <label key={value} className={`choice${props.value === value ? ' choice-on' : ''}`}>
          <input
            type="radio"
            name={props.name}
            value={value}
            checked={props.value === value}
            onChange={() => props.onChange(value)}
          />
          {text}
        </label>
      ))}
    </div>
  );
}
