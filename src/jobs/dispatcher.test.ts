import { asc } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { newId } from '../core/ids.ts';
import type { Store } from '../db/client.ts';
import { withOrg } from '../db/tenancy.ts';
import { createTestStore } from '../db/test-db.ts';
import { organization } from '../modules/identity/identity.table.ts';
import { createDispatcher, type DeliveredEvent, type DispatchResult, type Subscriber } from './dispatcher.ts';
import { outboxEvent } from './jobs.table.ts';
import { emitEvent } from './outbox.ts';

let store: Store;
const orgId = newId('org');
beforeAll(async () => {
  store = await createTestStore();
  await store.db.insert(organization).values({ id: orgId, name: 'Outbox Ltd', slug: 'outbox' });
});
afterAll(() => store.close());
beforeEach(async () => {
  await store.db.delete(outboxEvent);
});

/** Events are stamped by the database's clock; the test clock starts a little ahead of it and moves by hand. */
function clock() {
  let t = Date.now() + 1000;
  return {
    now: () => new Date(t),
    advance: (ms: number) => {
      t += ms;
    },
  };
}

const emit = (type: string) =>
  withOrg(store.db, orgId, (tx) => emitEvent(tx, orgId, type, { type, amount: 1250 }));
const rows = () =>
  store.db.select().from(outboxEvent).orderBy(asc(outboxEvent.createdAt), asc(outboxEvent.id));

/** A subscriber that records what it got and fails while `down` is set. */
function recorder(name: string) {
  const got: DeliveredEvent[] = [];
  const state = { down: false };
  const subscriber: Subscriber = async (event) => {
    if (state.down) throw new Error(`${name} unreachable`);
    got.push(event);
  };
  return { got, state, subscriber };
}

it('delivers every event to every subscriber once, oldest first, with the event as written', async () => {
  const c = clock();
  const mail = recorder('mail');
  const feed = recorder('feed');
  const d = createDispatcher(store, {
    subscribers: { mail: mail.subscriber, feed: feed.subscriber },
    now: c.now,
  });
  const first = await emit('invoice.created');
  const second = await emit('invoice.sent');

  expect(await d.dispatchOnce()).toEqual({ delivered: 2, failed: 0, dead: 0 });
  expect(await d.dispatchOnce()).toEqual({ delivered: 0, failed: 0, dead: 0 });
  for (const r of [mail, feed]) {
    expect(r.got.map((e) => e.id)).toEqual([first, second]);
    expect(r.got[0]).toMatchObject({
      orgId,
      type: 'invoice.created',
      payload: { type: 'invoice.created', amount: 1250 },
    });
    expect(r.got[0]!.createdAt).toBeInstanceOf(Date);
  }
  for (const row of await rows()) {
    expect(row.status).toBe('delivered');
    expect([...row.deliveredTo].sort()).toEqual(['feed', 'mail']);
    expect(row.deliveredAt).toEqual(c.now());
    expect(row.attempts).toBe(0);
  }
});

it('retries a failing subscriber after the backoff without re-delivering to the one that succeeded', async () => {
  const c = clock();
  const mail = recorder('mail');
  const hook = recorder('webhook');
  hook.state.down = true;
  const d = createDispatcher(store, {
    subscribers: { mail: mail.subscriber, webhook: hook.subscriber },
    backoff: (attempt) => attempt * 60_000,
    now: c.now,
  });
  const id = await emit('bill.approved');

  expect(await d.dispatchOnce()).toEqual({ delivered: 0, failed: 1, dead: 0 });
  let [row] = await rows();
  expect(row).toMatchObject({
    status: 'pending',
    attempts: 1,
    deliveredTo: ['mail'],
    lastError: 'webhook: webhook unreachable',
  });
  expect(row!.nextAttemptAt).toEqual(new Date(c.now().getTime() + 60_000));

  c.advance(59_000); // not due yet
  expect(await d.dispatchOnce()).toEqual({ delivered: 0, failed: 0, dead: 0 });
  c.advance(1_000);
  expect(await d.dispatchOnce()).toEqual({ delivered: 0, failed: 1, dead: 0 });
  [row] = await rows();
  expect(row).toMatchObject({ attempts: 2 });
  expect(row!.nextAttemptAt).toEqual(new Date(c.now().getTime() + 120_000)); // backoff grows per attempt

  hook.state.down = false;
  c.advance(120_000);
  expect(await d.dispatchOnce()).toEqual({ delivered: 1, failed: 0, dead: 0 });
  expect(mail.got.map((e) => e.id)).toEqual([id]); // once, despite three passes
  expect(hook.got.map((e) => e.id)).toEqual([id]);
  [row] = await rows();
  expect(row).toMatchObject({ status: 'delivered', attempts: 2, deliveredTo: ['mail', 'webhook'] });
});

it('dead-letters after maxAttempts; retryDead puts it back for the subscribers still missing it', async () => {
  const c = clock();
  const mail = recorder('mail');
  const sink = recorder('sink');
  sink.state.down = true;
  const d = createDispatcher(store, {
    subscribers: { mail: mail.subscriber, sink: sink.subscriber },
    maxAttempts: 3,
    backoff: () => 10,
    now: c.now,
  });
  const id = await emit('payment.failed');
  const outcomes: DispatchResult[] = [];
  for (let i = 0; i < 5; i++) {
    outcomes.push(await d.dispatchOnce());
    c.advance(10);
  }
  expect(outcomes.map((o) => (o.failed ? 'failed' : o.dead ? 'dead' : '-'))).toEqual([
    'failed',
    'failed',
    'dead',
    '-',
    '-',
  ]);
  expect((await rows())[0]).toMatchObject({
    status: 'dead',
    attempts: 3,
    lastError: 'sink: sink unreachable',
  });

  expect(await d.retryDead(newId('org'), id)).toBe(false); // another organization's id: nothing
  sink.state.down = false;
  expect(await d.retryDead(orgId, id)).toBe(true);
  expect(await d.retryDead(orgId, id)).toBe(false); // no longer dead
  expect(await d.dispatchOnce()).toEqual({ delivered: 1, failed: 0, dead: 0 });
  expect(mail.got).toHaveLength(1);
  expect(sink.got.map((e) => e.id)).toEqual([id]);
  expect((await rows())[0]).toMatchObject({ status: 'delivered', attempts: 0 });
});

it('a new instance (a restart) delivers what the previous one left pending or was holding when it died', async () => {
  const c = clock();
  const mail = recorder('mail');
  const hook = recorder('webhook');
  hook.state.down = true;
  const untouched = await emit('a.created');
  const first = createDispatcher(store, {
    subscribers: { mail: mail.subscriber, webhook: hook.subscriber },
    backoff: () => 1000,
    leaseMs: 60_000,
    now: c.now,
    batchSize: 1,
  });
  // The first process fails its pass on the webhook and stops.
  expect(await first.dispatchOnce()).toEqual({ delivered: 0, failed: 1, dead: 0 });
  const held = await emit('b.created');
  c.advance(1000);
  let releaseHang: (error: Error) => void = () => {};
  const hang = new Promise<void>((_, reject) => {
    releaseHang = reject;
  });
  hook.state.down = false;
  // A second process delivers the first's leftover, then dies holding the next event.
  const dying = createDispatcher(store, {
    subscribers: { mail: mail.subscriber, webhook: async (e) => (e.id === held ? hang : hook.subscriber(e)) },
    leaseMs: 60_000,
    now: c.now,
  });
  const dyingPass = dying.dispatchOnce();
  await expect.poll(() => mail.got.map((e) => e.id)).toEqual([untouched, held]);

  // Restarted: the held event is invisible until its lease runs out, then goes to the webhook only.
  const fresh = createDispatcher(store, {
    subscribers: { mail: mail.subscriber, webhook: hook.subscriber },
    now: c.now,
  });
  c.advance(30_000);
  expect(await fresh.dispatchOnce()).toEqual({ delivered: 0, failed: 0, dead: 0 });
  c.advance(31_000);
  expect(await fresh.dispatchOnce()).toEqual({ delivered: 1, failed: 0, dead: 0 });
  expect(mail.got.map((e) => e.id)).toEqual([untouched, held]);
  expect(hook.got.map((e) => e.id)).toEqual([untouched, held]);

  // The dead process's late failure does not undo the delivery.
  releaseHang(new Error('connection reset'));
  await dyingPass;
  expect((await rows()).map((r) => r.status)).toEqual(['delivered', 'delivered']);
});

it('two dispatchers running at once deliver each event once per subscriber', async () => {
  const c = clock();
  const seen: string[] = [];
  const subscribers = { log: async (e: DeliveredEvent) => void seen.push(e.id) };
  const ids: string[] = [];
  for (let i = 0; i < 12; i++) ids.push(await emit(`e.${i}`));
  const a = createDispatcher(store, { subscribers, now: c.now, batchSize: 3 });
  const b = createDispatcher(store, { subscribers, now: c.now, batchSize: 3 });
  const [ra, rb] = await Promise.all([a.dispatchOnce(), b.dispatchOnce()]);
  expect(ra.delivered + rb.delivered).toBe(12);
  expect([...seen].sort()).toEqual([...ids].sort());
  expect(await a.counts()).toEqual({ pending: 0, delivered: 12, dead: 0 });
});

it('start polls, wake delivers promptly, stop waits for the pass in flight', async () => {
  const c = clock();
  const mail = recorder('mail');
  const d = createDispatcher(store, { subscribers: { mail: mail.subscriber }, now: c.now });
  d.wake(); // not started: nothing
  d.start(60_000);
  const id = await emit('task.assigned');
  d.wake();
  await d.stop();
  expect(mail.got.map((e) => e.id)).toEqual([id]);
  expect((await rows())[0]).toMatchObject({ status: 'delivered' });
});
