import { describe, expect, it } from 'vitest';
import type { QueuedTask } from '../src/queuedTask.js';
import { decodeQueuedTask, encodeQueuedTask, taskDefaults } from '../src/taskEncoding.js';
import { currentTaskFormat } from '../src/taskFormats.js';
import { queuedTask } from '../src/testing.js';

const { method: _method, ...settingDefaults } = taskDefaults;

describe('the compact task encoding', () => {
  const owner = '7b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d';

  it('gives back every task it encodes, whatever its fields', () => {
    const { webhook: _webhook, ...settings } = queuedTask();
    const tasks: QueuedTask[] = [
      { ...queuedTask(), ownerId: owner, ...settingDefaults, backoff: { ...taskDefaults.backoff } },
      queuedTask({
        priority: 0,
        bumpAt: 123,
        streamKey: 'abc',
        expiresAt: 456,
        maxAttempts: 9,
        timeoutMs: 10,
        replay: 3,
      }),
      queuedTask({
        webhook: {
          url: 'https://x.example/h',
          method: 'PUT',
          headers: { 'content-type': 'application/json', 'x-a': 'b' },
          body: '{"a":1}',
        },
      }),
      queuedTask({
        webhook: {
          url: 'https://x.example/h',
          method: 'POST',
          headers: { 'content-type': 'text/plain; charset=utf-8' },
          body: 'hi',
        },
      }),
      queuedTask({
        webhook: { url: 'https://x.example/h', method: 'GET', headers: { 'content-type': 'application/json' } },
      }),
      {
        ...settings,
        priority: 2,
        backoff: { kind: 'fixed', baseMs: 1, maxMs: 2, jitter: 0 },
        channel: 'email',
        email: { to: 'a@b.co', subject: 's', text: 't', html: '<p>' },
      } as QueuedTask,
      { ...settings, channel: 'sms', sms: { to: '+4915112345678', body: 'b' } } as QueuedTask,
    ];
    for (const task of tasks) expect(decodeQueuedTask(encodeQueuedTask(task))).toEqual(task);
  });

  it('leaves out what has its usual value', () => {
    const task = queuedTask({
      ownerId: owner,
      ...settingDefaults,
      backoff: { ...taskDefaults.backoff },
      webhook: {
        url: 'http://127.0.0.1:9/hook',
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"i":1}',
      },
    });
    expect(JSON.parse(encodeQueuedTask(task))).toEqual({
      v: currentTaskFormat,
      O: 'exwtPk9QSmuMfZ4PGis8TQ',
      u: 'http://127.0.0.1:9/hook',
      k: 1,
      b: '{"i":1}',
    });
  });

  it('adds a replay number only to a replayed task: one never replayed takes the bytes it always took', () => {
    const task = queuedTask({ ownerId: owner });
    expect(encodeQueuedTask({ ...task, replay: 0 })).toBe(encodeQueuedTask(task));
    expect(JSON.parse(encodeQueuedTask({ ...task, replay: 2 }))).toEqual({
      ...JSON.parse(encodeQueuedTask(task)),
      g: 2,
    });
  });
});
