import express, { type Router } from 'express';
import { HttpError, jsonBody, parseOr400 } from '@later/runtime';
import { getProfile, type Pool } from '@later/store';
import { ReminderRequest, type CreateTaskInput } from '@later/types';
import type { SchedulerClient } from '../schedulerClient.js';
import { idempotencyHeader } from './idempotencyKey.js';

/** The email subject: the thought's first line, cut short. */
export function reminderSubject(text: string): string {
  const firstLine = text.trim().split('\n')[0]!;
  return `Reminder: ${firstLine.length > 60 ? `${firstLine.slice(0, 59)}…` : firstLine}`;
}

/**
 * "Remind me of this, later": one request makes a task at a random moment in the window,
 * outside the user's quiet hours, to their own address or phone unless `to` says otherwise.
 */
export function reminderRoutes(pool: Pool, scheduler: SchedulerClient): Router {
  const router = express.Router();
  router.post('/v1/reminders', jsonBody('64kb'), async (req, res) => {
    // A client retrying a reminder whose answer it lost must not get two: the scheduler keeps
    // the key and answers a repeat with the first task (the window's moment is drawn there).
    const header = idempotencyHeader(req);
    const reminder = parseOr400(ReminderRequest, req.body);
    const ownerId = res.locals.ownerId as string;
    const profile = (await getProfile(pool, ownerId))!;
    const channel = reminder.channel ?? 'email';
    const to = reminder.to ?? (channel === 'email' ? profile.email : profile.phone);
    if (!to)
      throw new HttpError(400, 'no phone number to send to', [
        { path: 'to', message: 'give one, or set phone in PATCH /v1/me' },
      ]);
    const task: CreateTaskInput = {
      channel,
      ...(channel === 'email'
        ? { email: { to, subject: reminderSubject(reminder.text), text: reminder.text } }
        : { sms: { to, body: reminder.text } }),
      within: reminder.within,
      ...(profile.quietHours ? { quietHours: { ...profile.quietHours, timezone: profile.timezone } } : {}),
    };
    await scheduler.forward(res, (api) =>
      api.POST('/internal/v1/owners/{ownerId}/tasks', { params: { path: { ownerId }, header }, body: task }),
    );
  });
  return router;
}
