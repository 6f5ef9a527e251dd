import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { newId } from '../core/ids.ts';
import type { Store } from '../db/client.ts';
import { createTestStore, testStoreKind } from '../db/test-db.ts';
import { organization } from '../modules/identity/identity.table.ts';
import { jobRun, jobSchedule } from './jobs.table.ts';
import { createScheduler, type JobContext } from './scheduler.ts';

let store: Store;
const orgId = newId('org');
beforeAll(async () => {
  store = await createTestStore();
  await store.db.insert(organization).values({ id: orgId, name: 'Jobs Ltd', slug: 'jobs' });
});
afterAll(() => store.close());
beforeEach(async () => {
  await store.db.delete(jobRun);
  await store.db.delete(jobSchedule);
});

/** A clock the test moves by hand: no sleeping on real time. */
function clock(start: string) {
  let t = new Date(start).getTime();
  return {
    now: () => new Date(t),
    advance: (ms: number) => {
      t += ms;
    },
  };
}
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const runs = () => store.db.select().from(jobRun).orderBy(asc(jobRun.scheduledFor), asc(jobRun.id));
const iso = (d: Date) => d.toISOString();

/** A handler that records each call's scheduled time and missed flag. */
function tally() {
  const seen: { at: string; missed: boolean; runId: string }[] = [];
  const handler = async (ctx: JobContext) =>
    void seen.push({ at: iso(ctx.scheduledFor), missed: ctx.missed, runId: ctx.run.id });
  return { seen, handler };
}

describe('recurring schedules', () => {
  it('after 5 hours down runs each missed hourly occurrence once, in order, marked missed', async () => {
    const c = clock('2026-03-01T10:00:30Z');
    const t = tally();
    const a = createScheduler(store, { handlers: { tally: t.handler }, now: c.now });
    const hourly = {
      name: 'hourly',
      handler: 'tally',
      rrule: 'FREQ=HOURLY',
      startsAt: new Date('2026-03-01T10:00:00Z'),
      orgId,
    };
    await a.upsertSchedule(hourly);
    expect(await a.tick()).toEqual({ planned: 1, ran: 1 }); // 10:00, on time
    expect(t.seen).toEqual([{ at: '2026-03-01T10:00:00.000Z', missed: false, runId: expect.any(String) }]);

    c.advance(5 * HOUR + 10 * MINUTE); // down until 15:10:30
    expect(await a.tick()).toEqual({ planned: 5, ran: 5 });
    // Ticking again, alone or with a second server, adds nothing.
    const b = createScheduler(store, { handlers: { tally: t.handler }, now: c.now });
    expect(await a.tick()).toEqual({ planned: 0, ran: 0 });
    expect(await Promise.all([a.tick(), b.tick()])).toEqual([
      { planned: 0, ran: 0 },
      { planned: 0, ran: 0 },
    ]);

    const caughtUp = t.seen.slice(1);
    expect(caughtUp.map((s) => s.at)).toEqual([
      '2026-03-01T11:00:00.000Z',
      '2026-03-01T12:00:00.000Z',
      '2026-03-01T13:00:00.000Z',
      '2026-03-01T14:00:00.000Z',
      '2026-03-01T15:00:00.000Z',
    ]);
    expect(caughtUp.every((s) => s.missed)).toBe(true);
    const rows = await runs();
    expect(rows).toHaveLength(6);
    expect(rows.map((r) => [r.status, r.attempts, r.missed])).toEqual([
      ['succeeded', 1, 0],
      ...Array.from({ length: 5 }, () => ['succeeded', 1, 1]),
    ]);
    expect(new Set(t.seen.map((s) => s.runId)).size).toBe(6);

    await a.upsertSchedule(hourly); // re-registering on restart changes nothing
    expect(await store.db.select().from(jobSchedule)).toHaveLength(1);
    expect(await a.list()).toEqual([
      expect.objectContaining({
        name: 'hourly',
        handler: 'tally',
        rrule: 'FREQ=HOURLY',
        orgId,
        lastRunAt: '2026-03-01T15:10:30.000Z',
        lastStatus: 'succeeded',
        nextRunAt: '2026-03-01T16:00:00.000Z',
        missedCount: 5,
        failedCount: 0,
      }),
    ]);
  });

  it('two servers catching up at once run each occurrence exactly once, each in order', async () => {
    const c = clock('2026-03-01T15:10:30Z');
    const [ta, tb] = [tally(), tally()];
    const a = createScheduler(store, { handlers: { tally: ta.handler }, now: c.now });
    const b = createScheduler(store, { handlers: { tally: tb.handler }, now: c.now });
    await a.upsertSchedule({
      name: 'h',
      handler: 'tally',
      rrule: 'FREQ=HOURLY',
      startsAt: new Date('2026-03-01T11:00:00Z'),
    });
    const [ra, rb] = await Promise.all([a.tick(), b.tick()]);
    expect(ra.planned + rb.planned).toBe(5);
    expect(ra.ran + rb.ran).toBe(5);
    const all = [...ta.seen, ...tb.seen].map((x) => x.at);
    expect(all.sort()).toEqual(
      ['11:00', '12:00', '13:00', '14:00', '15:00'].map((h) => `2026-03-01T${h}:00.000Z`),
    );
    for (const seen of [ta.seen, tb.seen])
      expect(seen.map((x) => x.at)).toEqual([...seen.map((x) => x.at)].sort());
    expect(await runs()).toHaveLength(5);
  });

  it('catches up a long backlog a bounded number of occurrences per tick', async () => {
    const c = clock('2026-03-01T05:30:00Z');
    const t = tally();
    const s = createScheduler(store, { handlers: { tally: t.handler }, now: c.now, catchUpLimit: 2 });
    await s.upsertSchedule({
      name: 'h',
      handler: 'tally',
      rrule: 'FREQ=HOURLY',
      startsAt: new Date('2026-03-01T01:00:00Z'),
    });
    const results = [await s.tick(), await s.tick(), await s.tick(), await s.tick()];
    expect(results.map((r) => r.planned)).toEqual([2, 2, 1, 0]);
    expect(t.seen.map((x) => x.at.slice(11, 16))).toEqual(['01:00', '02:00', '03:00', '04:00', '05:00']);
  });

  it('evaluates weekly rules in UTC from the anchor and shows the next run', async () => {
    const c = clock('2026-03-02T00:00:00Z'); // a Monday
    const t = tally();
    const s = createScheduler(store, { handlers: { tally: t.handler }, now: c.now });
    await s.upsertSchedule({
      name: 'review',
      handler: 'tally',
      rrule: 'RRULE:FREQ=WEEKLY;BYDAY=TU;BYHOUR=9',
      startsAt: c.now(),
    });
    expect((await s.list())[0]).toMatchObject({ nextRunAt: '2026-03-03T09:00:00.000Z', lastRunAt: null });
    c.advance(33 * HOUR); // Tuesday 09:00
    await s.tick();
    c.advance(7 * 24 * HOUR - 1);
    await s.tick();
    expect(t.seen.map((x) => x.at)).toEqual(['2026-03-03T09:00:00.000Z']);
    expect((await s.list())[0]).toMatchObject({
      nextRunAt: '2026-03-10T09:00:00.000Z',
      lastStatus: 'succeeded',
    });
  });

  it('refuses a malformed recurrence rule, naming the field', async () => {
    const s = createScheduler(store, { handlers: {} });
    for (const rrule of ['FREQ=SOMETIMES', '', 'DTSTART:20260101T000000Z\nRRULE:FREQ=DAILY']) {
      await expect(
        s.upsertSchedule({ name: 'x', handler: 'h', rrule, startsAt: new Date() }),
      ).rejects.toMatchObject({
        code: 'INVALID_RRULE',
        details: { field: 'rrule' },
      });
    }
    expect(await s.list()).toEqual([]);
  });
});

describe('runs', () => {
  it('retries a failing run with backoff, then leaves it failed and visible', async () => {
    const c = clock('2026-03-01T00:00:00Z');
    const calls: string[] = [];
    const s = createScheduler(store, {
      handlers: {
        flaky: async () => {
          calls.push(iso(c.now()));
          throw new Error('bank API down');
        },
      },
      now: c.now,
      retryBackoff: (attempt) => attempt * 10 * MINUTE,
    });
    await s.upsertSchedule({ name: 'autopay', handler: 'flaky', rrule: 'FREQ=DAILY', startsAt: c.now() });
    await s.tick();
    expect((await s.list())[0]).toMatchObject({
      lastStatus: 'retrying',
      failedCount: 0,
      nextRunAt: '2026-03-01T00:10:00.000Z',
    });
    for (let i = 0; i < 6; i++) {
      c.advance(5 * MINUTE);
      await s.tick();
    }
    expect(calls).toEqual([
      '2026-03-01T00:00:00.000Z',
      '2026-03-01T00:10:00.000Z',
      '2026-03-01T00:30:00.000Z',
    ]);
    const [run] = await runs();
    expect(run).toMatchObject({ status: 'failed', attempts: 3, error: 'bank API down' });
    expect((await s.list())[0]).toMatchObject({
      lastStatus: 'failed',
      failedCount: 1,
      nextRunAt: '2026-03-02T00:00:00.000Z',
    });
    expect(s.state()).toEqual({
      running: false,
      lastTickAt: '2026-03-01T00:30:00.000Z',
      schedules: 1,
      queued: 0,
      failed: 1,
    });
  });

  it('runs a one-off job once, when due, with its organization and payload', async () => {
    const c = clock('2026-03-01T00:00:00Z');
    const got: JobContext[] = [];
    const s = createScheduler(store, { handlers: { once: async (ctx) => void got.push(ctx) }, now: c.now });
    const later = await s.enqueue({ handler: 'once', runAt: new Date('2026-03-01T01:00:00Z') });
    const id = await s.enqueue({ handler: 'once', orgId, payload: { invoiceId: 'inv_1' } });
    await s.enqueue({ handler: 'unknown' }); // left for a process that has the handler
    await s.tick();
    await s.tick();
    expect(got.map((g) => [g.run.id, g.orgId, g.payload, g.missed])).toEqual([
      [id, orgId, { invoiceId: 'inv_1' }, false],
    ]);
    c.advance(HOUR);
    await s.tick();
    expect(got.map((g) => g.run.id)).toEqual([id, later]);
    expect((await runs()).map((r) => r.status).sort()).toEqual(['queued', 'succeeded', 'succeeded']);
    expect(s.state()).toMatchObject({ queued: 1, failed: 0 });
  });

  it('requeues a run a crashed instance left running and completes it on start', async () => {
    const c = clock('2026-03-01T12:00:00Z');
    const t = tally();
    const crashed = await createScheduler(store, { handlers: {}, now: c.now }).enqueue({ handler: 'tally' });
    await store.db
      .update(jobRun)
      .set({ status: 'running', startedAt: new Date(c.now().getTime() - HOUR), attempts: 1 })
      .where(eq(jobRun.id, crashed));
    const restarted = createScheduler(store, { handlers: { tally: t.handler }, now: c.now });
    await restarted.start(60_000);
    expect(restarted.state().running).toBe(true);
    await expect.poll(async () => (await runs())[0]?.status).toBe('succeeded');
    await restarted.stop();
    expect(t.seen.map((s) => s.runId)).toEqual([crashed]);
    expect((await runs())[0]).toMatchObject({ status: 'succeeded', attempts: 2, error: null });
    expect(restarted.state().running).toBe(false);
  });

  it('stop waits for the run in progress and starts no other', async () => {
    const c = clock('2026-03-01T12:00:00Z');
    let release = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const done: string[] = [];
    const s = createScheduler(store, {
      handlers: { slow: async (ctx) => gate.then(() => void done.push(ctx.run.id)) },
      now: c.now,
    });
    const first = await s.enqueue({ handler: 'slow' });
    await s.enqueue({ handler: 'slow' });
    await s.start(60_000);
    await expect.poll(async () => (await runs()).map((r) => r.status)).toContain('running');
    let stopped = false;
    const stopping = s.stop().then(() => {
      stopped = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect(done).toEqual([first]);
    expect((await runs()).map((r) => r.status).sort()).toEqual(['queued', 'succeeded']);
  });

  it.runIf(testStoreKind() === 'postgres')(
    'does not take over a run a live server is still running',
    async () => {
      const c = clock('2026-03-01T12:00:00Z');
      let release = () => {};
      const gate = new Promise<void>((resolve) => {
        release = resolve;
      });
      let calls = 0;
      const handlers = {
        long: async () => {
          calls++;
          await gate;
        },
      };
      const a = createScheduler(store, { handlers, now: c.now });
      await a.enqueue({ handler: 'long' });
      const ticking = a.tick();
      await expect.poll(async () => (await runs())[0]?.status).toBe('running');
      c.advance(2 * HOUR); // long past any margin: only the lock tells it is alive
      const b = createScheduler(store, { handlers, now: c.now });
      expect(await b.recoverAbandoned()).toBe(0);
      expect(await b.tick()).toEqual({ planned: 0, ran: 0 });
      release();
      expect(await ticking).toEqual({ planned: 0, ran: 1 });
      expect(calls).toBe(1);
      expect((await runs())[0]).toMatchObject({ status: 'succeeded', attempts: 1 });
    },
  );
});
