import { useRef, useState } from 'react';
import { answer, api, type ApiKey } from '../api/client';
import { useTimeZone } from '../api/session';
import { EmptyState, ErrorMessage, Loading, Page } from '../app/Page';
import { Table, type Column } from '../app/Table';
import { useResource } from '../app/useResource';
import { Field, FormProblems } from '../forms/Field';
import { useSubmit } from '../forms/useSubmit';
import { KeyQuickStart } from '../forms/KeyQuickStart';
import { SecretOnce } from '../forms/SecretOnce';
import { dateTime, relativeTime } from '../time/format';
import { useNow } from '../time/useNow';

export function KeysPage() {
  const keys = useResource(async () => (await answer(api.GET('/v1/api-keys'))).keys, []);
  const [name, setName] = useState('');
  const [created, setCreated] = useState<string | null>(null);
  const { errors, busy, onSubmit } = useSubmit(['name'], async () => {
    const key = await answer(api.POST('/v1/api-keys', { body: { name } }));
    setCreated(key.apiKey);
    setName('');
    await keys.reload();
  });

  return (
    <Page title="API keys">
      <p className="lead">
        Programs call Later with a key: <code>Authorization: Bearer lk_…</code>. A revoked key stops working everywhere
        within seconds.
      </p>
      <form className="card narrow" onSubmit={onSubmit} noValidate aria-label="Create an API key">
        <FormProblems errors={errors} />
        <div className="row row-end">
          <Field label="New key's name" name="name" errors={errors} className="field-grow">
            {(p) => (
              <input
                {...p}
                placeholder="billing service"
                maxLength={100}
                value={name}
                onChange={(e) => setName(e.target.value)}
              />
            )}
          </Field>
          <button type="submit" disabled={busy}>
            Create key
          </button>
        </div>
      </form>
      {created ? (
        <SecretOnce title="Your new API key" secret={created} onDone={() => setCreated(null)}>
          <KeyQuickStart apiKey={created} />
        </SecretOnce>
      ) : null}
      {keys.error ? <ErrorMessage error={keys.error} /> : null}
      {keys.loading && !keys.data ? (
        <Loading lines={3} />
      ) : keys.data?.length === 0 ? (
        <EmptyState title="No keys yet." />
      ) : keys.data ? (
        <KeyTable keys={keys.data} onRevoked={() => void keys.reload()} />
      ) : null}
    </Page>
  );
}

function KeyTable({ keys, onRevoked }: { keys: ApiKey[]; onRevoked(): void }) {
  const now = useNow();
  const timezone = useTimeZone();
  const [problem, setProblem] = useState<unknown>(null);
  const [revoked, setRevoked] = useState<string | null>(null);
  const message = useRef<HTMLParagraphElement>(null);

  const revoke = async (key: ApiKey) => {
    setProblem(null);
    try {
      await answer(api.DELETE('/v1/api-keys/{id}', { params: { path: { id: key.id } } }));
      setRevoked(key.name);
      // The button that had the focus is gone with the question: the message saying what happened takes it.
      message.current?.focus();
      onRevoked();
    } catch (err) {
      setProblem(err);
    }
  };

  const columns: Column<ApiKey>[] = [
    { heading: 'Name', cell: (key) => key.name },
    { heading: 'Key', cell: (key) => <code>{key.prefix}…</code> },
    { heading: 'Created', cell: (key) => <PastMoment iso={key.createdAt} now={now} timezone={timezone} /> },
    {
      heading: 'Last used',
      cell: (key) =>
        key.lastUsedAt ? (
          <PastMoment iso={key.lastUsedAt} now={now} timezone={timezone} />
        ) : (
          <span className="muted">never</span>
        ),
    },
    {
      heading: 'Actions',
      headingHidden: true,
      className: 'cell-actions',
      cell: (key) =>
        key.revokedAt ? (
          <span className="badge badge-cancelled">revoked</span>
        ) : (
          <RevokeButton apiKey={key} onConfirmed={() => revoke(key)} />
        ),
    },
  ];

  return (
    <>
      {problem ? <ErrorMessage error={problem} /> : null}
      <p className="hint" role="status" tabIndex={-1} ref={message}>
        {revoked ? `${revoked} is revoked: programs using it are refused within seconds.` : '\u00a0'}
      </p>
      <Table
        className="keys-table"
        columns={columns}
        rows={keys}
        rowKey={(key) => key.id}
        rowAttributes={(key) => ({ 'data-key-name': key.name, ...(key.revokedAt ? { className: 'revoked' } : {}) })}
      />
    </>
  );
}

/** "3 minutes ago", with the exact time on hover and in the markup. */
function PastMoment({ iso, now, timezone }: { iso: string; now: number; timezone: string }) {
  return (
    <time dateTime={iso} title={dateTime(iso, timezone)}>
      {relativeTime(iso, now, { past: true })}
    </time>
  );
}

/**
 * "Revoke…", then the question. The focus follows, so a keyboard user is never left at the top
 * of the page: asking puts it on "Keep" (the safe answer, so a second Enter changes nothing),
 * and Keep or Escape brings it back to "Revoke…".
 */
function RevokeButton({ apiKey, onConfirmed }: { apiKey: ApiKey; onConfirmed(): Promise<void> }) {
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const revokeButton = useRef<HTMLButtonElement>(null);
  const keep = () => {
    setAsking(false);
    // After the question is gone and the button is back.
    setTimeout(() => revokeButton.current?.focus());
  };
  if (!asking) {
    return (
      <button type="button" className="button-quiet" ref={revokeButton} onClick={() => setAsking(true)}>
        Revoke…
      </button>
    );
  }
  return (
    <span className="confirm" onKeyDown={(e) => e.key === 'Escape' && keep()}>
      <button
        type="button"
        className="button-danger"
        disabled={busy}
        onClick={() => {
          setBusy(true);
          void onConfirmed().finally(() => setBusy(false));
        }}
      >
        Revoke {apiKey.name} for good
      </button>
      <button type="button" className="button-quiet" autoFocus onClick={keep}>
        Keep
      </button>
    </span>
  );
}
