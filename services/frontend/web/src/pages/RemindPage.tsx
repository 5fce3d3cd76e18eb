import { useState } from 'react';
import { answer, api } from '../api/client';
import { useSession, useTimeZone } from '../api/session';
import { Page } from '../app/Page';
import { Link } from '../app/router';
import { Field, FormProblems } from '../forms/Field';
import { useSubmit } from '../forms/useSubmit';

const windows = [
  { value: 'PT1H', label: 'within the hour' },
  { value: 'PT8H', label: 'within 8 hours' },
  { value: 'P1D', label: 'within a day' },
  { value: 'P3D', label: 'within 3 days' },
  { value: 'P1W', label: 'within a week' },
  { value: 'P30D', label: 'within a month' },
];

/** "Remind me of this, later": one text box, one window, one button. */
export function RemindPage() {
  const { session } = useSession();
  const quietHours = session.status === 'signedIn' ? session.quietHours : null;
  const timezone = useTimeZone();
  const [text, setText] = useState('');
  const [within, setWithin] = useState('P3D');
  const [done, setDone] = useState<{ id: string; window: string } | null>(null);
  const { errors, busy, onSubmit } = useSubmit(['text', 'within', 'to'], async () => {
    const created = await answer(api.POST('/v1/reminders', { body: { text, within } }));
    setDone({ id: created.id, window: windows.find((w) => w.value === within)!.label });
    setText('');
  });

  return (
    <Page title="Remind me later">
      <p className="lead">
        Write the thought down and let it go. Later emails it back to you at a random moment
        {quietHours ? (
          <>
            , never in your quiet hours ({quietHours.start} to {quietHours.end}, {timezone}).
          </>
        ) : (
          <>
            , at any hour: you have no quiet hours. <Link to="/profile">Set them in your profile</Link>.
          </>
        )}
      </p>
      <form className="card narrow remind" onSubmit={onSubmit} noValidate>
        <FormProblems errors={errors} />
        <Field label="Remind me of" name="text" errors={errors}>
          {(p) => (
            <textarea
              {...p}
              rows={3}
              maxLength={2000}
              placeholder="Call the dentist about the crown"
              value={text}
              onChange={(e) => setText(e.target.value)}
            />
          )}
        </Field>
        <div className="row row-end">
          <Field label="When" name="within" errors={errors} className="field-grow">
            {(p) => (
              <select {...p} value={within} onChange={(e) => setWithin(e.target.value)}>
                {windows.map((w) => (
                  <option key={w.value} value={w.value}>
                    {w.label}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <button type="submit" disabled={busy}>
            Remind me later
          </button>
        </div>
        <p className="hint" role="status">
          {done ? (
            <>
              Done: an email to {session.status === 'signedIn' ? session.email : 'you'} will come {done.window}.{' '}
              <Link to={`/tasks/${done.id}`}>See the reminder</Link>
            </>
          ) : (
            '\u00a0'
          )}
        </p>
      </form>
    </Page>
  );
}
