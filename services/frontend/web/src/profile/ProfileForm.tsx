import { useState } from 'react';
import { answer, api, type Schemas } from '../api/client';
import { useSession } from '../api/session';
import { Field, FormProblems } from '../forms/Field';
import { TimeZoneSelect } from '../forms/TimeZoneSelect';
import { useSubmit } from '../forms/useSubmit';

const profileFields = ['phone', 'timezone', 'quietHours.start', 'quietHours.end'] as const;
/** Offered when quiet hours are turned on again after being cleared: the nights, as at signup. */
const nights = { start: '22:00', end: '08:00' };

/** Where and when reminders reach the user: their phone, their time zone, their quiet hours. */
export function ProfileForm({ profile }: { profile: Schemas['Profile'] }) {
  const { refresh } = useSession();
  const [phone, setPhone] = useState(profile.phone ?? '');
  const [timezone, setTimezone] = useState(profile.timezone);
  const [quiet, setQuiet] = useState(profile.quietHours !== null);
  const [hours, setHours] = useState(profile.quietHours ?? nights);
  const [saved, setSaved] = useState(false);
  const { errors, busy, onSubmit } = useSubmit(profileFields, async () => {
    setSaved(false);
    const body = { phone: phone.trim() === '' ? null : phone.trim(), timezone, quietHours: quiet ? hours : null };
    await answer(api.PATCH('/v1/me', { body }));
    // Every page shows times in the profile's zone, and the Remind page names the quiet hours.
    await refresh();
    setSaved(true);
  });

  return (
    <form className="card narrow" onSubmit={onSubmit} noValidate aria-labelledby="profile-title">
      <h2 id="profile-title">Where and when reminders reach you</h2>
      <FormProblems errors={errors} />
      <Field
        label="Phone"
        name="phone"
        errors={errors}
        hint="For SMS reminders, in international form such as +4915112345678; empty for none."
      >
        {(p) => <input {...p} type="tel" autoComplete="tel" value={phone} onChange={(e) => setPhone(e.target.value)} />}
      </Field>
      <Field
        label="Time zone"
        name="timezone"
        errors={errors}
        hint="Every time is shown in it, and quiet hours are read in it."
      >
        {(p) => <TimeZoneSelect {...p} value={timezone} onChange={setTimezone} />}
      </Field>
      <fieldset className="section">
        <legend>Quiet hours</legend>
        <label className="check">
          <input type="checkbox" checked={quiet} onChange={(e) => setQuiet(e.target.checked)} />
          No reminders during quiet hours
        </label>
        <div className="row">
          <Field label="From" name="quietHours.start" errors={errors}>
            {(p) => (
              <input
                {...p}
                type="time"
                disabled={!quiet}
                value={hours.start}
                onChange={(e) => setHours({ ...hours, start: e.target.value })}
              />
            )}
          </Field>
          <Field label="Until" name="quietHours.end" errors={errors}>
            {(p) => (
              <input
                {...p}
                type="time"
                disabled={!quiet}
                value={hours.end}
                onChange={(e) => setHours({ ...hours, end: e.target.value })}
              />
            )}
          </Field>
        </div>
        <p className="hint">They may span midnight. A reminder comes at a random moment of its window outside them.</p>
      </fieldset>
      <div className="form-actions">
        <button type="submit" disabled={busy}>
          Save
        </button>
        <p className="hint" role="status">
          {saved ? 'Saved.' : '\u00a0'}
        </p>
      </div>
    </form>
  );
}
