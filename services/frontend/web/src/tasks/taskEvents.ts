import { useEffect, useRef, useSyncExternalStore } from 'react';
import type { TaskStatus } from '../api/client';

/** One change of a task, as `GET /v1/events` sends it (`event: task`). */
export interface TaskEvent {
  id: string;
  taskId: string;
  status: TaskStatus;
  attempt: number;
  at: string;
  outcome?: string;
  httpStatus?: number;
  error?: string;
  scheduleId?: string;
}

export type LiveState = 'connecting' | 'live' | 'offline';

type Listener = (event: TaskEvent) => void;
const listeners = new Set<Listener>();
const stateListeners = new Set<() => void>();
let source: EventSource | null = null;
let lastEventId: string | null = null;
let reopenTimer: ReturnType<typeof setTimeout> | undefined;
let state: LiveState = 'connecting';

function setState(next: LiveState): void {
  if (next === state) return;
  state = next;
  stateListeners.forEach((listener) => listener());
}

/**
 * One EventSource for the whole page, shared by every component that listens. The browser
 * reconnects by itself after a network error; when the server ends the stream for good (a
 * restart, a 5xx), it is opened again with `?after=<last event id>`, so no change is missed.
 */
function open(): void {
  clearTimeout(reopenTimer);
  const url = lastEventId === null ? '/v1/events' : `/v1/events?after=${encodeURIComponent(lastEventId)}`;
  const opened = new EventSource(url, { withCredentials: true });
  source = opened;
  setState('connecting');
  opened.onopen = () => setState('live');
  opened.addEventListener('task', (message) => {
    const event = JSON.parse((message as MessageEvent<string>).data) as TaskEvent;
    lastEventId = (message as MessageEvent).lastEventId || event.id;
    listeners.forEach((listener) => listener(event));
  });
  opened.onerror = () => {
    if (opened.readyState !== EventSource.CLOSED) {
      setState('connecting');
      return;
    }
    setState('offline');
    opened.close();
    if (source === opened) source = null;
    reopenTimer = setTimeout(() => {
      if (listeners.size > 0 && source === null) open();
    }, 3000);
  };
}

function close(): void {
  clearTimeout(reopenTimer);
  source?.close();
  source = null;
}

/** Calls `handler` with every task change while the component is shown; no polling, no reload. */
export function useTaskEvents(handler: Listener): void {
  const latest = useRef(handler);
  latest.current = handler;
  useEffect(() => {
    const listener: Listener = (event) => latest.current(event);
    listeners.add(listener);
    if (source === null) open();
    return () => {
      listeners.delete(listener);
      // Navigating between pages that both listen keeps the same stream.
      setTimeout(() => {
        if (listeners.size === 0) close();
      }, 1000);
    };
  }, []);
}

/** Whether the live stream is connected, for the small "Live" badge. */
export function useLiveState(): LiveState {
  return useSyncExternalStore(
    (listener) => {
      stateListeners.add(listener);
      return () => stateListeners.delete(listener);
    },
    () => state,
  );
}
