import { useEffect, useRef, useState, type ReactNode } from 'react';
import { answer, api, type Stats } from '../api/client';
import { EmptyState, ErrorMessage, Page } from '../app/Page';
import { Link } from '../app/router';
import { useResource } from '../app/useResource';
import { BarList } from '../charts/BarList';
import { ColumnChart } from '../charts/ColumnChart';
import { ThroughputChart } from '../charts/ThroughputChart';
import { KeyQuickStart } from '../forms/KeyQuickStart';
import { SecretOnce } from '../forms/SecretOnce';
import { LiveBadge } from '../tasks/StatusBadge';
import { useTaskEvents } from '../tasks/taskEvents';
import { duration } from '../time/format';
import { DisabledDestinations } from './DisabledDestinations';
import { forgetFreshKey, freshKeyNow } from './freshKey';

/** Time passing moves tasks between buckets and ages heartbeats even when no task changes. */
const quietRefreshMs = 10_000;

export function DashboardPage() {
  const stats = useResource(() => answer(api.GET('/v1/stats')), []);
  const [freshKey, setFreshKey] = useState(freshKeyNow);

  // Live: every task change refreshes the figures, at most once a second.
  const pending = useRef<ReturnType<typeof setTimeout>>(undefined);
  useTaskEvents(() => {
    pending.current ??= setTimeout(() => {
      pending.current = undefined;
      void stats.reload();
    }, 1000);
  });
  useEffect(() => {
    const timer = setInterval(() => void stats.reload(), quietRefreshMs);
    return () => {
      clearInterval(timer);
      clearTimeout(pending.current);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const s = stats.data;
  return (
    <Page title="Dashboard" actions={<LiveBadge />}>
      {freshKey ? (
        <SecretOnce
          title="Your first API key"
          secret={freshKey}
          onDone={() => {
            forgetFreshKey();
            setFreshKey(null);
          }}
        >
          <KeyQuickStart apiKey={freshKey} />
        </SecretOnce>
      ) : null}
      {stats.error ? <ErrorMessage error={stats.error} /> : null}
      <DisabledDestinations />
      <div className="dashboard" aria-busy={stats.loading}>
        <Panel title="Waiting, by when they are due" wide={false}>
          {s ? <DueBuckets stats={s} /> : <ChartSkeleton />}
        </Panel>
        <Panel title="Due lag, last hour" wide={false}>
          {s ? <DueLag stats={s} /> : <ChartSkeleton />}
        </Panel>
        <Panel title="Attempts per minute, last hour" wide>
          {s ? <ThroughputChart minutes={s.throughput} /> : <ChartSkeleton />}
          {s ? (
            <p className="legend">
              <span className="key key-good" /> delivered <span className="key key-bad" /> failed
            </p>
          ) : null}
        </Panel>
        <Panel title="Failures by error class, last 24 h" wide={false}>
          {!s ? (
            <ChartSkeleton />
          ) : s.failures.length === 0 ? (
            <EmptyState title="No failures." />
          ) : (
            <>
              <BarList
                title="Failures by error class"
                rows={s.failures.map((f) => ({ name: f.errorClass, count: f.count }))}
              />
              <h3 className="small-head">By destination</h3>
              <BarList
                title="Failures by destination"
                tone="accent"
                rows={s.failingHosts.map((h) => ({ name: h.host, count: h.count }))}
              />
            </>
          )}
        </Panel>
        <Panel title="Replicas alive" wide={false}>
          {s ? <Replicas stats={s} /> : <ChartSkeleton />}
        </Panel>
      </div>
    </Page>
  );
}

function Panel({ title, wide, children }: { title: string; wide: boolean; children: ReactNode }) {
  const id = `panel-${title.replace(/\W+/g, '-').toLowerCase()}`;
  return (
    <section className={`card panel${wide ? ' panel-wide' : ''}`} aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      <div className="panel-body">{children}</div>
    </section>
  );
}

function ChartSkeleton() {
  return <div className="chart-skeleton" aria-hidden="true" />;
}

function DueBuckets({ stats }: { stats: Stats }) {
  const b = stats.scheduled;
  const total = b.overdue + b.nextHour + b.nextDay + b.nextWeek + b.later;
  if (total === 0) {
    return (
      <EmptyState title="Nothing waiting.">
        <Link to="/tasks/new">Schedule a task</Link>
      </EmptyState>
    );
  }
  return (
    <ColumnChart
      title="Waiting tasks by due time"
      columns={[
        { label: 'overdue', value: b.overdue, tone: b.overdue > 0 ? 'warn' : 'accent' },
        { label: '< 1 h', value: b.nextHour },
        { label: '1 h–1 d', value: b.nextDay },
        { label: '1–7 d', value: b.nextWeek },
        { label: 'later', value: b.later },
      ]}
    />
  );
}

function DueLag({ stats }: { stats: Stats }) {
  const lag = stats.dueLag;
  if (lag.samples === 0) return <EmptyState title="No attempt in the last hour." />;
  const column = (label: string, value: number | null) => ({ label, value: value ?? 0, display: duration(value ?? 0) });
  return (
    <>
      <ColumnChart
        title="How long after their due time attempts started"
        columns={[
          column('p50', lag.p50),
          column('p95', lag.p95),
          column('p99', lag.p99),
          { ...column('max', lag.max), tone: 'warn' as const },
        ]}
      />
      <p className="muted small">
        How long after its due time each task's latest attempt started; {lag.samples}{' '}
        {lag.samples === 1 ? 'attempt' : 'attempts'}.
      </p>
    </>
  );
}

function Replicas({ stats }: { stats: Stats }) {
  return (
    <div className="replica-counts">
      <AliveCount count={stats.replicas.schedulers} one="scheduler" many="schedulers" />
      <AliveCount count={stats.replicas.senders} one="sender" many="senders" />
    </div>
  );
}

function AliveCount({ count, one, many }: { count: number; one: string; many: string }) {
  return (
    <p>
      <strong className="big-number" data-testid={`${many}-alive`}>
        {count}
      </strong>{' '}
      {count === 1 ? one : many}
    </p>
  );
}
