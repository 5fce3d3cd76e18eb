import { useState } from 'react';
import { answer, api } from '../api/client';
import { useSession } from '../api/session';
import { Page } from '../app/Page';
import { Link, navigate } from '../app/router';
import { Field, FormProblems } from '../forms/Field';
import { useSubmit } from '../forms/useSubmit';
import { browserTimeZone } from '../time/zonedTime';
import { rememberFreshKey } from './freshKey';

const accountFields = ['email', 'password'] as const;

function AccountForm({ mode }: { mode: 'login' | 'signup' }) {
  const { logIn, refresh } = useSession();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const { errors, busy, onSubmit } = useSubmit(accountFields, async () => {
    if (mode === 'signup') {
      const created = await answer(api.POST('/v1/signup', { body: { email, password } }));
      rememberFreshKey(created.apiKey);
    }
    await logIn(email, password);
    // A new account shows times where its user is; the profile can change it later.
    if (mode === 'signup')
      await answer(api.PATCH('/v1/me', { body: { timezone: browserTimeZone() } })).then(refresh, () => undefined);
    navigate(
      mode === 'signup' || window.location.pathname === '/login'
        ? '/'
        : window.location.pathname + window.location.search,
      { replace: true },
    );
  });

  return (
    <form className="card narrow" onSubmit={onSubmit} noValidate>
      <FormProblems errors={errors} />
      <Field label="Email" name="email" errors={errors}>
        {(p) => (
          <input
            {...p}
            type="email"
            autoComplete="email"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
        )}
      </Field>
      <Field
        label="Password"
        name="password"
        errors={errors}
        hint={mode === 'signup' ? 'At least 10 characters.' : undefined}
      >
        {(p) => (
          <input
            {...p}
            type="password"
            autoComplete={mode === 'signup' ? 'new-password' : 'current-password'}
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        )}
      </Field>
      <div className="form-actions">
        <button type="submit" disabled={busy}>
          {mode === 'signup' ? 'Create account' : 'Log in'}
        </button>
        {mode === 'signup' ? (
          <p>
            Have an account? <Link to="/login">Log in</Link>
          </p>
        ) : (
          <p>
            New here? <Link to="/signup">Create an account</Link>
          </p>
        )}
      </div>
    </form>
  );
}

export function LoginPage() {
  return (
    <Page title="Log in">
      <p className="lead">Later delivers webhooks, emails and text messages at the time you choose.</p>
      <AccountForm mode="login" />
    </Page>
  );
}

export function SignupPage() {
  return (
    <Page title="Create your account">
      <p className="lead">One account gives you the web console and an API key for your programs.</p>
      <AccountForm mode="signup" />
    </Page>
  );
}
