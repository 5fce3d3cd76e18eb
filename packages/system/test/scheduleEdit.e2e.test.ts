import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSystem, waitFor, type TestSystem } from '../src/testing/index.js';

/** What users asked of a schedule's page, through the API: its past runs, and editing it. */
describe('a schedule\u2019s runs and edits (real frontend, scheduler, sender)', () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await startTestSystem();
    await system.api.signup('runs@example.com');
  });
  afterAll(() => system?.stop());

  const hook = (path: string) => ({ url: `${system.receiver.url}${path}` });

  it('lists the tasks a schedule made, with their outcome and destination, filtered by scheduleId', async () => {
    const made = await system.api.call('POST', '/v1/schedules', {
      every: 'PT1S',
      maxRuns: 2,
      task: { channel: 'webhook', webhook: hook('/runs') },
    });
    const other = await system.api.call('POST', '/v1/tasks', {
      channel: 'webhook',
      webhook: hook('/alone'),
      delay: 'PT1H',
    });
    await waitFor('two runs delivered', async () => {
      const { tasks } = (await system.api.call('GET', `/v1/tasks?scheduleId=${made.body.id}`)).body;
      return tasks.length === 2 && tasks.every((t: { status: string }) => t.status === 'delivered');
    });
    const { tasks } = (await system.api.call('GET', `/v1/tasks?scheduleId=${made.body.id}`)).body;
    for (const task of tasks)
      expect(task).toMatchObject({
        scheduleId: made.body.id,
        status: 'delivered',
        destination: `${system.receiver.url}/runs`,
      });
    expect(tasks.map((t: { id: string }) => t.id)).not.toContain(other.body.id);
    const listed = (await system.api.call('GET', '/v1/tasks')).body.tasks.find(
      (t: { id: string }) => t.id === other.body.id,
    );
    expect(listed.destination).toBe(`${system.receiver.url}/alone`);
    expect((await system.api.call('GET', '/v1/tasks?scheduleId=abc')).body.issues).toEqual([
      { path: 'scheduleId', message: expect.stringMatching(/\S/) },
    ]);
  });

  it('edits a schedule without a key by id (PUT): a new rule and destination, the same state, and 409 once ended', async () => {
    const made = await system.api.call('POST', '/v1/schedules', {
      cron: '0 8 * * *',
      timezone: 'UTC',
      paused: true,
      task: { channel: 'webhook', webhook: hook('/before') },
    });
    expect(made.status).toBe(201);
    const edited = await system.api.call('PUT', `/v1/schedules/${made.body.id}`, {
      cron: '30 9 * * 1-5',
      timezone: 'Europe/Berlin',
      task: { channel: 'webhook', webhook: hook('/after') },
    });
    expect(edited.status).toBe(200);
    // Still paused: an edit never resumes a schedule.
    expect(edited.body).toMatchObject({
      id: made.body.id,
      cron: '30 9 * * 1-5',
      timezone: 'Europe/Berlin',
      status: 'paused',
      task: { webhook: hook('/after') },
    });
    expect((await system.api.call('GET', `/v1/schedules/${made.body.id}`)).body).toEqual(edited.body);
    const active = await system.api.call('PUT', `/v1/schedules/${made.body.id}`, {
      cron: '30 9 * * 1-5',
      timezone: 'Europe/Berlin',
      paused: false,
      task: { channel: 'webhook', webhook: hook('/after') },
    });
    expect(active.body.status).toBe('active');
    expect(active.body.nextRuns.map((run: string) => new Date(run).getUTCMinutes())).toEqual([30, 30, 30, 30, 30]);
    const keyChange = await system.api.call('PUT', `/v1/schedules/${made.body.id}`, {
      key: 'new-key',
      every: 'PT1H',
      task: { channel: 'webhook', webhook: hook('/x') },
    });
    expect([keyChange.status, keyChange.body.issues[0].path]).toEqual([400, 'key']);
    const bad = await system.api.call('PUT', `/v1/schedules/${made.body.id}`, {
      cron: '61 * * * *',
      task: { channel: 'webhook', webhook: hook('/x') },
    });
    expect([bad.status, bad.body.issues[0].path]).toEqual([400, 'cron']);
    await system.api.call('DELETE', `/v1/schedules/${made.body.id}`);
    expect(
      (
        await system.api.call('PUT', `/v1/schedules/${made.body.id}`, {
          every: 'PT1H',
          task: { channel: 'webhook', webhook: hook('/x') },
        })
      ).status,
    ).toBe(409);
    expect(
      (
        await system.api.call('PUT', '/v1/schedules/999999', {
          every: 'PT1H',
          task: { channel: 'webhook', webhook: hook('/x') },
        })
      ).status,
    ).toBe(404);
  });
});
