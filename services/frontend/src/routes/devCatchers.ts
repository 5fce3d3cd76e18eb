import express, { type Router } from 'express';
import { HttpError } from '@later/runtime';
import type { DevInbox, DevOutbox } from '@later/types';
import { verifyLaterWebhook } from '@later/webhook-verify';
import type { SchedulerClient } from '../schedulerClient.js';

interface CaughtMessage {
  channel: 'email' | 'sms';
  to: string;
  subject?: string;
  text: string;
  deliveryId: string | null;
  receivedAt: string;
}

interface InboxDelivery {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
  receivedAt: string;
}

/** A delivery id is the task id, or `<task id>.r<n>` for a replay. */
const taskIdOf = (deliveryId: string | null | undefined) => (deliveryId ? deliveryId.split('.')[0]! : null);

/** How many caught items one answer looks at: a dev outbox, not an archive. */
const listLimit = 100;

/**
 * `npm run dev`'s outbox and webhook inbox (DEV_OUTBOX_URL: the local catchers' listing), each
 * narrowed to the caller's own tasks. Mounted only in dev mode; elsewhere these paths are 404.
 */
export function devCatcherRoutes(scheduler: SchedulerClient, listingUrl: string): Router {
  const router = express.Router();
  // Whose a task is never changes: remember the answers instead of asking the scheduler on every poll.
  const owners = new Map<string, boolean>();

  const ownerOf = async (ownerId: string, taskId: string): Promise<boolean> => {
    const key = `${ownerId}:${taskId}`;
    let mine = owners.get(key);
    if (mine === undefined) {
      mine = await scheduler
        .request((api) =>
          api.GET('/internal/v1/owners/{ownerId}/tasks/{id}', { params: { path: { ownerId, id: taskId } } }),
        )
        .then(
          () => true,
          (err: unknown) => {
            if (err instanceof HttpError && (err.status === 404 || err.status === 400)) return false;
            throw err;
          },
        );
      if (owners.size > 10_000) owners.clear();
      owners.set(key, mine);
    }
    return mine;
  };

  const caught = async <T>(what: 'outbox' | 'inbox'): Promise<T> => {
    const res = await fetch(`${listingUrl.replace(/\/$/, '')}/${what}`, { signal: AbortSignal.timeout(5000) }).catch(
      () => undefined,
    );
    if (!res?.ok) throw new HttpError(503, 'the dev catchers do not answer');
    return (await res.json()) as T;
  };

  const mineOnly = async <T>(ownerId: string, items: T[], taskId: (item: T) => string | null) => {
    const owned = await Promise.all(
      items.slice(0, listLimit).map(async (item) => {
        const id = taskId(item);
        return id !== null && (await ownerOf(ownerId, id));
      }),
    );
    return items.slice(0, listLimit).filter((_, i) => owned[i]);
  };

  router.get('/v1/dev/outbox', async (_req, res) => {
    const ownerId = res.locals.ownerId as string;
    const { messages } = await caught<{ messages: CaughtMessage[] }>('outbox');
    const mine = await mineOnly(ownerId, messages, (m) => taskIdOf(m.deliveryId));
    // Typed by public.yaml's DevOutbox: the answer and the spec cannot drift apart unnoticed.
    const answer: DevOutbox = {
      messages: mine.map(({ channel, to, subject, text, deliveryId, receivedAt }) => ({
        channel,
        to,
        ...(subject !== undefined ? { subject } : {}),
        text,
        // mineOnly kept only messages with a task id.
        taskId: taskIdOf(deliveryId)!,
        receivedAt,
      })),
    };
    res.json(answer);
  });

  router.get('/v1/dev/inbox', async (_req, res) => {
    const ownerId = res.locals.ownerId as string;
    const { deliveries } = await caught<{ deliveries: InboxDelivery[] }>('inbox');
    const mine = await mineOnly(ownerId, deliveries, (d) =>
      taskIdOf(d.headers['webhook-id'] ?? d.headers['later-delivery-id']),
    );
    // Checked with the caller's keys as GET /v1/signing-keys gives them, as the caller's own receiver would.
    const keys =
      mine.length === 0
        ? []
        : (
            await scheduler.request((api) =>
              api.GET('/internal/v1/owners/{ownerId}/signing-keys', { params: { path: { ownerId } } }),
            )
          ).keys.map((k) => k.secret);
    // Typed by public.yaml's DevInbox, as the outbox is.
    const answer: DevInbox = {
      deliveries: mine.map((d) => ({
        taskId: taskIdOf(d.headers['webhook-id'] ?? d.headers['later-delivery-id'])!,
        method: d.method,
        path: d.path,
        headers: d.headers,
        body: d.body,
        signatureValid: verifyLaterWebhook({
          secret: keys,
          headers: d.headers,
          body: d.body,
          now: Date.parse(d.receivedAt),
        }),
        receivedAt: d.receivedAt,
      })),
    };
    res.json(answer);
  });
  return router;
}
