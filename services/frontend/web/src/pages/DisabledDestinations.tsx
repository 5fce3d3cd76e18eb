import { useState } from 'react';
import { answer, api, type Schemas } from '../api/client';
import { useTimeZone } from '../api/session';
import { ErrorMessage } from '../app/Page';
import { Table, type Column } from '../app/Table';
import { useResource } from '../app/useResource';
import { dateTime } from '../time/format';

type DisabledDestination = Schemas['DisabledDestination'];

/**
 * The webhook URLs Later disabled because every attempt to them failed for days (the error
 * report's `disabledDestinations`), each with a Re-enable button. Shows nothing while there are
 * none: it is a warning, not a panel to look at every day.
 */
export function DisabledDestinations() {
  const list = useResource(async () => (await answer(api.GET('/v1/destinations/disabled'))).destinations, []);
  const timezone = useTimeZone();
  const [problem, setProblem] = useState<unknown>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [enabled, setEnabled] = useState<string | null>(null);

  const enable = async (destination: DisabledDestination) => {
    setProblem(null);
    setBusy(destination.url);
    try {
      await answer(api.POST('/v1/destinations/enable', { body: { url: destination.url } }));
      setEnabled(destination.url);
      await list.reload();
    } catch (err) {
      setProblem(err);
    } finally {
      setBusy(null);
    }
  };

  const columns: Column<DisabledDestination>[] = [
    { heading: 'URL', title: (d) => d.url, cell: (d) => <code>{d.url}</code> },
    {
      heading: 'Failing since',
      cell: (d) => <time dateTime={d.failingSince}>{dateTime(d.failingSince, timezone)}</time>,
    },
    { heading: 'Last error', cell: (d) => d.lastError ?? <span className="muted">none recorded</span> },
    {
      heading: 'Actions',
      headingHidden: true,
      className: 'cell-actions',
      cell: (d) => (
        <button type="button" disabled={busy === d.url} onClick={() => void enable(d)}>
          Re-enable
        </button>
      ),
    },
  ];

  if (!list.data?.length && !enabled && !problem && !list.error) return null;
  return (
    <section className="card" aria-labelledby="disabled-destinations" id="disabled-destinations-section">
      <h2 id="disabled-destinations">Disabled destinations</h2>
      {list.error ? <ErrorMessage error={list.error} /> : null}
      {problem ? <ErrorMessage error={problem} /> : null}
      <p className="hint" role="status">
        {enabled
          ? `${enabled} is enabled again: its waiting tasks go out within a minute.`
          : 'Every delivery to these failed for days, so their tasks wait. Fix the receiver, then re-enable it.'}
      </p>
      {list.data?.length ? (
        <Table
          columns={columns}
          rows={list.data}
          rowKey={(d) => d.url}
          rowAttributes={(d) => ({ 'data-destination': d.url })}
        />
      ) : null}
    </section>
  );
}
