import type { TaskStatus } from '../api/client';
import { useLiveState } from './taskEvents';

export function StatusBadge({ status }: { status: TaskStatus | string }) {
  return (
    <span className={`badge badge-${status}`} data-status={status}>
      {status}
    </span>
  );
}

/** Says whether the page updates by itself right now. */
export function LiveBadge() {
  const state = useLiveState();
  const label = state === 'live' ? 'Live' : state === 'connecting' ? 'Connecting…' : 'Offline, retrying';
  return (
    <span className={`live live-${state}`} role="status" title="Changes appear here as they happen">
      <span className="live-dot" aria-hidden="true" />
      {label}
    </span>
  );
}
