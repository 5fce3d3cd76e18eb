import { useState } from 'react';
import { answer, api, ApiError } from '../api/client';
import { Field, FormProblems } from '../forms/Field';
import { useSubmit } from '../forms/useSubmit';

const passwordFields = ['currentPassword', 'newPassword', 'repeatPassword'] as const;

/** Changes the password; the API logs the user's other sessions out, this one stays. */
export function PasswordForm({ email }: { email: string }) {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [changed, setChanged] = useState(false);
  const { errors, busy, onSubmit } = useSubmit(passwordFields, async () => {
    setChanged(false);
    // Checked here, as the API's refusals are, on the field: a typo in a new password would lock its owner out.
    if (repeat !== next)
      throw new ApiError(400, 'the new passwords differ', [
        { path: 'repeatPassword', message: 'does not match the new password' },
      ]);
    await answer(api.POST('/v1/me/password', { body: { currentPassword: current, newPassword: next } }));
    setCurrent('');
    setNext('');
    setRepeat('');
    setChanged(true);
  });

  return (
    <form className="card narrow" onSubmit={onSubmit} noValidate aria-labelledby="password-title">
      <h2 id="password-title">Password</h2>
      <FormProblems errors={errors} />
      {/* For password managers: whose password this is. */}
      <input type="email" autoComplete="username" value={email} readOnly hidden />
      <Field label="Current password" name="currentPassword" errors={errors}>
        {(p) => (
          <input
            {...p}
            type="password"
            autoComplete="current-password"
            value={current}
            onChange={(e) => setCurrent(e.target.value)}
          />
        )}
      </Field>
      <Field
        label="New password"
        name="newPassword"
        errors={errors}
        hint="At least 10 characters. Your other sessions are logged out."
      >
        {(p) => (
          <input
            {...p}
            type="password"
            autoComplete="new-password"
            value={next}
            onChange={(e) => setNext(e.target.value)}
          />
        )}
      </Field>
      <Field label="New password, again" name="repeatPassword" errors={errors}>
        {(p) => (
          <input
            {...p}
            type="password"
            autoComplete="new-password"
            value={repeat}
            onChange={(e) => setRepeat(e.target.value)}
          />
        )}
      </Field>
      <div className="form-actions">
        <button type="submit" disabled={busy}>
          Change password
        </button>
        <p className="hint" role="status">
          {changed ? 'Password changed; your other sessions are logged out.' : '\u00a0'}
        </p>
      </div>
    </form>
  );
}
