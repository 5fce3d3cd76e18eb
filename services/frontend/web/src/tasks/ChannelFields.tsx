import { ChoiceGroup } from '../forms/ChoiceGroup';
import { Field } from '../forms/Field';
import type { SectionProps } from './formParts';

const methods = ['POST', 'PUT', 'PATCH', 'GET', 'DELETE'] as const;

export function ChannelFields({ form, set, errors }: SectionProps) {
  return (
    <fieldset className="section">
      <legend>What to deliver</legend>
      <ChoiceGroup
        label="Channel"
        name="channel"
        value={form.channel}
        options={[
          ['webhook', 'Webhook'],
          ['email', 'Email'],
          ['sms', 'SMS'],
        ]}
        onChange={(channel) => set({ channel })}
      />
      {form.channel === 'webhook' ? (
        <>
          <div className="row">
            <Field label="Method" name="webhook.method" errors={errors} className="field-narrow">
              {(p) => (
                <select
                  {...p}
                  value={form.webhookMethod}
                  onChange={(e) => set({ webhookMethod: e.target.value as (typeof methods)[number] })}
                >
                  {methods.map((m) => (
                    <option key={m}>{m}</option>
                  ))}
                </select>
              )}
            </Field>
            <Field label="URL" name="webhook.url" errors={errors} className="field-grow">
              {(p) => (
                <input
                  {...p}
                  type="url"
                  inputMode="url"
                  placeholder="https://example.com/hooks/later"
                  value={form.webhookUrl}
                  onChange={(e) => set({ webhookUrl: e.target.value })}
                />
              )}
            </Field>
          </div>
          <Field label="Headers" name="webhook.headers" errors={errors} hint="One per line, as Name: value.">
            {(p) => (
              <textarea
                {...p}
                rows={2}
                spellCheck={false}
                placeholder="x-reminder: laundry"
                value={form.webhookHeaders}
                onChange={(e) => set({ webhookHeaders: e.target.value })}
              />
            )}
          </Field>
          <Field
            label="Body"
            name="webhook.body"
            errors={errors}
            hint="JSON is sent as application/json; anything else as plain text."
          >
            {(p) => (
              <textarea
                {...p}
                rows={4}
                spellCheck={false}
                placeholder='{"text": "take the laundry out"}'
                value={form.webhookBody}
                onChange={(e) => set({ webhookBody: e.target.value })}
              />
            )}
          </Field>
        </>
      ) : null}
      {form.channel === 'email' ? (
        <>
          <Field label="To" name="email.to" errors={errors}>
            {(p) => (
              <input
                {...p}
                type="email"
                autoComplete="email"
                value={form.emailTo}
                onChange={(e) => set({ emailTo: e.target.value })}
              />
            )}
          </Field>
          <Field label="Subject" name="email.subject" errors={errors}>
            {(p) => <input {...p} value={form.emailSubject} onChange={(e) => set({ emailSubject: e.target.value })} />}
          </Field>
          <Field label="Message" name="email.text" errors={errors}>
            {(p) => (
              <textarea {...p} rows={5} value={form.emailText} onChange={(e) => set({ emailText: e.target.value })} />
            )}
          </Field>
        </>
      ) : null}
      {form.channel === 'sms' ? (
        <>
          <Field
            label="To"
            name="sms.to"
            errors={errors}
            hint="A number in international form, such as +4915112345678."
          >
            {(p) => (
              <input
                {...p}
                type="tel"
                autoComplete="tel"
                value={form.smsTo}
                onChange={(e) => set({ smsTo: e.target.value })}
              />
            )}
          </Field>
          <Field label="Message" name="sms.body" errors={errors}>
            {(p) => (
              <textarea
                {...p}
                rows={3}
                maxLength={1600}
                value={form.smsBody}
                onChange={(e) => set({ smsBody: e.target.value })}
              />
            )}
          </Field>
        </>
      ) : null}
    </fieldset>
  );
}
