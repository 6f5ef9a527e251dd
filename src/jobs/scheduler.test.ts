import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../db/client.ts';
import { createTestStore } from '../db/test-db.ts';
import { jobRun, jobSchedule } from './jobs.table.ts';
import { createScheduler, type JobContext } from './scheduler.ts';

let store: Store;
beforeAll(async () => {
  store = await createTestStore();
});
afterAll(() => store.close());
beforeEach(async () => {
  await store.db.delete(jobRun);
  await store.db.delete(jobSchedule);
});

/** A clock the test moves by hand: no sleeping on real time. */
function clock(start: string) {
  let t = new Date(start).getTime();
  return { now: () => new Date(t), advance: (ms: number) => (t += ms) };
}
const HOUR = 3_600_000;

describe('durable scheduler', () => {
  it('after downtime runs each missed occurrence once, in order, however often it is planned', async () => {
    const c = clock('2026-03-01T10:00:30Z');
    const seen: JobContext[] = [];
    const handlers = { tally: async (ctx: JobContext) => void seen.push(ctx) };
    const a = createScheduler(store, { handlers, now: c.now });
    await a.upsertSchedule({
      name: 'hourly',
      handler: 'tally',
      rrule: 'FREQ=HOURLY',
      startsAt: new Date('2026-03-01T10:00:00Z'),
    });
    expect(await a.tick()).toBe(1); // 10:00
    c.advance(5 * HOUR); // the server was down until 15:00:30
    // Two processes (a restarted one and a second server) tick at once, then again.
    const b = createScheduler(store, { handlers, now: c.now });
    await Promise.all([a.tick(), b.tick()]);
    await a.tick();
    expect(seen.map((s) => s.scheduledFor.toISOString())).toEqual([
      '2026-03-01T10:00:00.000Z',
      '2026-03-01T11:00:00.000Z',
      '2026-03-01T12:00:00.000Z',
      '2026-03-01T13:00:00.000Z',
      '2026-03-01T14:00:00.000Z',
      '2026-03-01T15:00:00.000Z',
    ]);
    expect(seen.map((s) => s.missed)).toEqual([false, true, true, true, true, false]);
    const [summary] = await a.list();
    expect(summary).toMatchObject({
      name: 'hourly',
      lastStatus: 'succeeded',
      missed: 4,
      failed: 0,
      nextRunAt: '2026-03-01T16:00:00.000Z',
    });
  });

  it('retries a failing run, then records it failed and visible', async () => {
    const c = clock('2026-03-01T00:00:00Z');
    let calls = 0;
    const failing = createScheduler(store, {
      handlers: {
        flaky: async () => {
          calls++;
          throw new Error('bank API down');
        },
      },
      now: c.now,
      maxAttempts: 3,
    });
    await failing.upsertSchedule({ name: 'daily', handler: 'flaky', rrule: 'FREQ=DAILY', startsAt: c.now() });
    for (let i = 0; i < 5; i++) {
      await failing.tick();
      c.advance(60_000);
    }
    expect(calls).toBe(3);
    const [run] = await store.db.select().from(jobRun);
    expect(run).toMatchObject({ status: 'failed', attempts: 3, error: 'bank API down' });
    const [summary] = await failing.list();
    expect(summary).toMatchObject({ failed: 1, lastStatus: 'failed' });
    expect(failing.state()).toMatchObject({ failed: 1 });
  });

  it('runs a one-off job once, and requeues a run a crashed process left running', async () => {
    const c = clock('2026-03-01T00:00:00Z');
    const ran: string[] = [];
    const s = createScheduler(store, {
      handlers: { once: async (ctx) => void ran.push(ctx.runId) },
      now: c.now,
    });
    const id = await s.enqueue({ handler: 'once', payload: { n: 1 } });
    await s.tick();
    await s.tick();
    expect(ran).toEqual([id]);

    const crashed = await s.enqueue({ handler: 'once' });
    await store.db
      .update(jobRun)
      .set({ status: 'running', startedAt: c.now(), attempts: 1 })
      .where(eq(jobRun.id, crashed));
    const restarted = createScheduler(store, {
      handlers: { once: async (ctx) => void ran.push(ctx.runId) },
      now: c.now,
    });
    expect(await restarted.recoverAbandoned(true)).toBe(1);
    await restarted.tick();
    expect(ran).toEqual([id, crashed]);
  });

  it('refuses a malformed recurrence rule with the field named', async () => {
    const s = createScheduler(store, { handlers: {} });
    await expect(
      s.upsertSchedule({ name: 'x', handler: 'h', rrule: 'FREQ=SOMETIMES', startsAt: new Date() }),
    ).rejects.toMatchObject({
      code: 'INVALID_RRULE',
      details: { field: 'rrule' },
    });
  });
});
