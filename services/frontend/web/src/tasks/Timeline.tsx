import type { Schemas } from '../api/client';
import { dateTime, duration } from '../time/format';
import { AttemptExcerpt } from './AttemptExcerpt';

/** Every attempt of a task, oldest first: what happened, when, how long it took, what the receiver said, and an excerpt of each request and response. */
export function Timeline({
  attempts,
  timezone,
  now,
}: {
  attempts: Schemas['Attempt'][];
  timezone: string;
  now: number;
}) {
  return (
    <ol className="timeline" aria-label="Attempts">
      {attempts.map((a) => {
        const took = (a.finishedAt ? Date.parse(a.finishedAt) : now) - Date.parse(a.startedAt);
        return (
          <li key={a.n} className={`timeline-item outcome-${a.outcome}`} data-attempt={a.n}>
            <span className="timeline-dot" aria-hidden="true" />
            <div className="timeline-body">
              <p className="timeline-head">
                <strong>Attempt {a.n}</strong> <span className={`badge badge-${a.outcome}`}>{a.outcome}</span>
                {a.httpStatus !== undefined ? <span className="http-status">HTTP {a.httpStatus}</span> : null}
              </p>
              <p className="muted small">
                <time dateTime={a.startedAt}>{dateTime(a.startedAt, timezone)}</time> ·{' '}
                {a.finishedAt ? `took ${duration(took)}` : `running for ${duration(took)}`}
              </p>
              {a.dueAt && a.claimedAt ? (
                <p className="muted small timeline-lateness">
                  claimed {duration(Math.max(0, Date.parse(a.claimedAt) - Date.parse(a.dueAt)))} after its due time,
                  started {duration(Math.max(0, Date.parse(a.startedAt) - Date.parse(a.claimedAt)))} later
                </p>
              ) : null}
              {a.error ? <p className="timeline-error">{a.error}</p> : null}
              <AttemptExcerpt request={a.request} response={a.response} />
            </div>
          </li>
        );
      })}
    </ol>
  );
}
