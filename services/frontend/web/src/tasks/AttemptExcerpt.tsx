import type { Schemas } from '../api/client';

type Body = Schemas['BodyExcerpt'];

/** How much of a body the excerpt holds, in the reader's words. */
function bodyNote(body: Body): string {
  if (!body.truncated) return `${body.bytes ?? body.text.length} bytes`;
  return body.bytes !== undefined ? `first 4 KiB of ${body.bytes} bytes` : 'first 4 KiB (size unknown)';
}

function Headers({ headers }: { headers: Record<string, string> | undefined }) {
  if (!headers || Object.keys(headers).length === 0) return null;
  return (
    <dl className="excerpt-headers">
      {Object.entries(headers).map(([name, value]) => (
        <div key={name}>
          <dt>{name}</dt>
          <dd className={value === '[redacted]' ? 'muted' : undefined}>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

function BodyText({ body, label }: { body: Body | undefined; label: string }) {
  if (!body) return null;
  return (
    <>
      <p className="muted small">
        {label}: {bodyNote(body)}
      </p>
      {body.text ? <pre className="excerpt-body">{body.text}</pre> : null}
    </>
  );
}

/**
 * What an attempt sent and what came back, as the sender kept it (secrets redacted, bodies cut
 * at 4 KiB): folded away, one fold each, since most readers want the outcome first.
 */
export function AttemptExcerpt({
  request,
  response,
}: {
  request?: Schemas['AttemptRequestExcerpt'];
  response?: Schemas['AttemptResponseExcerpt'];
}) {
  if (!request && !response) return null;
  return (
    <div className="excerpt">
      {request ? (
        <details className="excerpt-part" data-excerpt="request">
          <summary>Request sent</summary>
          {request.method || request.url ? (
            <p className="mono small break">
              {request.method} {request.url}
            </p>
          ) : null}
          {request.to ? (
            <p className="small">
              To {request.to}
              {request.from ? `, from ${request.from}` : ''}
              {request.subject ? `: “${request.subject}”` : ''}
            </p>
          ) : null}
          <Headers headers={request.headers} />
          <BodyText body={request.body} label="Body" />
        </details>
      ) : null}
      {response ? (
        <details className="excerpt-part" data-excerpt="response">
          {/* Its HTTP status is on the attempt's first line already. */}
          <summary>Response received</summary>
          {response.reply ? <p className="mono small break">{response.reply}</p> : null}
          <Headers headers={response.headers} />
          <BodyText body={response.body} label="Body" />
        </details>
      ) : (
        <p className="muted small">No response: nothing answered.</p>
      )}
    </div>
  );
}
