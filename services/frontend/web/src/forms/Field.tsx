import { useId, type ReactNode } from 'react';
import type { FormErrors } from './fieldErrors';

export interface ControlProps {
  id: string;
  name: string;
  'aria-invalid': boolean;
  'aria-describedby': string | undefined;
}

/**
 * A labelled control with its hint and its error message, tied together for screen readers
 * (aria-describedby, aria-invalid). `name` is the API path the control fills.
 */
export function Field(props: {
  label: ReactNode;
  name: string;
  errors: FormErrors;
  hint?: ReactNode;
  className?: string;
  children: (control: ControlProps) => ReactNode;
}) {
  const id = useId();
  const error = props.errors.fields[props.name];
  const describedBy =
    [props.hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div
      className={`field${error ? ' field-invalid' : ''}${props.className ? ` ${props.className}` : ''}`}
      data-field={props.name}
    >
      <label htmlFor={id}>{props.label}</label>
      {props.children({ id, name: props.name, 'aria-invalid': Boolean(error), 'aria-describedby': describedBy })}
      {props.hint ? (
        <p className="hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      ) : null}
      {error ? (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** The problems of a form no field shows, announced when they appear. */
export function FormProblems({ errors }: { errors: FormErrors }) {
  const count = Object.keys(errors.fields).length;
  if (errors.form.length === 0 && count === 0) return null;
  return (
    <div className="form-problems" role="alert">
      {count > 0 ? (
        <p>Please fix {count === 1 ? 'the field marked below' : `the ${count} fields marked below`}.</p>
      ) : null}
      {errors.form.map((message) => (
        <p key={message}>{message}</p>
      ))}
    </div>
  );
}
