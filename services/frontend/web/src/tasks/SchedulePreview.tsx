import { answer, api, ApiError, type Schemas } from '../api/client';
import { useResource } from '../app/useResource';
import { useDebounced } from '../forms/useDebounced';
import { dateTime, relativeTime } from '../time/format';
import { useNow } from '../time/useNow';

/**
 * The next five runs of a rule as the user types it, computed by the scheduler's own code
 * (`POST /v1/schedules/preview`) and shown in the rule's time zone.
 */
export function SchedulePreview({ rule }: { rule: Schemas['SchedulePreviewRequest'] }) {
  const settled = useDebounced(JSON.stringify(rule), 350);
  const now = useNow(5000);
  const preview = useResource(
    () => answer(api.POST('/v1/schedules/preview', { body: JSON.parse(settled) as Schemas['SchedulePreviewRequest'] })),
    [settled],
  );
  const stale = settled !== JSON.stringify(rule);
  const problem =
    preview.error instanceof ApiError
      ? preview.error.issues.map((i) => `${i.path}: ${i.message}`).join('; ') || preview.error.message
      : null;
  return (
    <section className="preview" aria-labelledby="preview-title" aria-busy={stale || preview.loading}>
      <h3 id="preview-title">Next runs</h3>
      {problem ? (
        <p className="preview-problem" role="status">
          {problem}
        </p>
      ) : (
        <ol className="preview-runs" data-testid="preview-runs">
          {Array.from({ length: 5 }, (_, i) => {
            const run = preview.data?.runs[i];
            return (
              <li key={i} className={run ? undefined : 'preview-empty'}>
                {run ? (
                  <>
                    <time dateTime={run}>{dateTime(run, preview.data!.timezone)}</time>
                    <span className="muted"> · {relativeTime(run, now)}</span>
                  </>
                ) : preview.loading ? (
                  '\u00a0'
                ) : i === 0 ? (
                  'No run left'
                ) : (
                  '\u00a0'
                )}
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
