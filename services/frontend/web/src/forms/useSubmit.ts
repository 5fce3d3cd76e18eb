import { useState, type FormEvent } from 'react';
import { formErrorsOf, noErrors, type FormErrors } from './fieldErrors';

/**
 * A form's submit: runs `action`, and on a refusal puts the API's issues on the form's `fields`
 * (`stripPrefix` as in formErrorsOf). `busy` disables the button meanwhile, so a double click
 * never sends twice.
 */
export function useSubmit(
  fields: readonly string[],
  action: () => Promise<void>,
  stripPrefix: () => string = () => '',
) {
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [busy, setBusy] = useState(false);
  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    setBusy(true);
    try {
      await action();
      setErrors(noErrors);
    } catch (err) {
      setErrors(formErrorsOf(err, fields, stripPrefix()));
    } finally {
      setBusy(false);
    }
  };
  return { errors, busy, onSubmit: (event: FormEvent) => void submit(event) };
}
