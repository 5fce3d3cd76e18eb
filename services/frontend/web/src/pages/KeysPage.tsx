import { useState } from 'react';
import { answer, api, type ApiKey } from '../api/client';
import { useTimeZone } from '../api/session';
import { EmptyState, ErrorMessage, Loading, Page } from '../app/Page';
import { useResource } from '../app/useResource';
import { Field, FormProblems } from '../forms/Field';
import { useSubmit } from '../forms/useSubmit';
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
      <p className="lead">Programs call Later with a key: <code>Authorization: Bearer lk_…</code>. A revoked key stops working everywhere within seconds.</p>
      <form className="card narrow" onSubmit={onSubmit} noValidate aria-label="Create an API key">
        <FormProblems errors={errors} />
        <div className="row row-end">
          <Field label="New key's name" name="name" errors={errors} className="field-grow">
            {(p) => <input {...p} placeholder="billing service" maxLength={100} value={name} onChange={(e) => setName(e.target.value)} />}
          </Field>
          <button type="submit" disabled={busy}>
            Create key
          </button>
        </div>
      </form>
      {created ? <SecretOnce title="Your new API key" secret={created} onDone={() => setCreated(null)} /> : null}
      {keys.error ? <ErrorMessage error={keys.error} /> : null}
      {keys.loading && !keys.data ? <Loading lines={3} /> : keys.data?.length === 0 ? <EmptyState title="No keys yet." /> : keys.data ? <KeyTable keys={keys.data} onRevoked={() => void keys.reload()} /> : null}
    </Page>
  );
}

function KeyTable({ keys, onRevoked }: { keys: ApiKey[]; onRevoked(): void }) {
  const now = useNow();
  const timezone = useTimeZone();
  const [confirming, setConfirming] = useState<string | null>(null);
  const [problem, setProblem] = useState<unknown>(null);

  const revoke = async (id: string) => {
    try {
      await answer(api.DELETE('/v1/api-keys/{id}', { params: { path: { id } } }));
      setConfirming(null);
      onRevoked();
    } catch (err) {
      setProblem(err);
    }
  };

  return (
    <>
      {problem ? <ErrorMessage error={problem} /> : null}
      <table className="table keys-table">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Key</th>
            <th scope="col">Created</th>
            <th scope="col">Last used</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {keys.map((key) => (
            <tr key={key.id} data-key-name={key.name} className={key.revokedAt ? 'revoked' : undefined}>
              <td data-label="Name">{key.name}</td>
              <td data-label="Key">
                <code>{key.prefix}…</code>
              </td>
              <td data-label="Created" title={dateTime(key.createdAt, timezone)}>
                {relativeTime(key.createdAt, now, { past: true })}
              </td>
              <td data-label="Last used">{key.lastUsedAt ? relativeTime(key.lastUsedAt, now, { past: true }) : <span className="muted">never</span>}</td>
              <td data-label="Actions" className="cell-actions">
                {key.revokedAt ? (
                  <span className="badge badge-cancelled">revoked</span>
                ) : confirming === key.id ? (
                  <span className="confirm">
                    <button type="button" className="button-danger" onClick={() => void revoke(key.id)}>
                      Revoke {key.name} for good
                    </button>
                    <button type="button" className="button-quiet" onClick={() => setConfirming(null)}>
                      Keep
                    </button>
                  </span>
                ) : (
                  <button type="button" className="button-quiet" onClick={() => setConfirming(key.id)}>
                    Revoke…
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
