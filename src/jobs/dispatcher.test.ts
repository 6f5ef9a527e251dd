import { afterAll, beforeAll, expect, it } from 'vitest';
import { newId } from '../core/ids.ts';
import type { Store } from '../db/client.ts';
import { withOrg } from '../db/tenancy.ts';
import { createTestStore } from '../db/test-db.ts';
import { organization } from '../modules/identity/identity.table.ts';
import { createDispatcher, type DeliveredEvent } from './dispatcher.ts';
import { outboxEvent } from './jobs.table.ts';
import { emitEvent } from './outbox.ts';

let store: Store;
const orgId = newId('org');
beforeAll(async () => {
  store = await createTestStore();
  await store.db.insert(organization).values({ id: orgId, name: 'Outbox Ltd', slug: 'outbox' });
});
afterAll(() => store.close());

const emit = (type: string) => withOrg(store.db, orgId, (tx) => emitEvent(tx, orgId, type, { type }));

it('delivers each event to every subscriber; a failing one is retried without re-delivering to the others', async () => {
  const mail: string[] = [];
  const hooks: string[] = [];
  let hookUp = false;
  let t = Date.now() + 1000; // events are stamped with the real clock
  const subscribers = {
    mail: async (e: DeliveredEvent) => void mail.push(e.type),
    webhook: async (e: DeliveredEvent) => {
      if (!hookUp) throw new Error('receiver down');
      hooks.push(e.type);
    },
  };
  const d = createDispatcher(store, { subscribers, now: () => new Date(t), backoffMs: () => 1000 });
  await emit('a.created');
  await emit('b.created');
  expect(await d.dispatchOnce()).toEqual({ delivered: 0, failed: 2, dead: 0 });
  expect(mail).toEqual(['a.created', 'b.created']);

  // Not yet due: nothing happens.
  expect(await d.dispatchOnce()).toEqual({ delivered: 0, failed: 0, dead: 0 });

  // A restarted process (new dispatcher) picks up where the first stopped.
  hookUp = true;
  t += 1000;
  const restarted = createDispatcher(store, { subscribers, now: () => new Date(t) });
  expect(await restarted.dispatchOnce()).toEqual({ delivered: 2, failed: 0, dead: 0 });
  expect(hooks).toEqual(['a.created', 'b.created']);
  expect(mail).toEqual(['a.created', 'b.created']);
  const rows = await store.db.select().from(outboxEvent);
  expect(rows.every((r) => r.status === 'delivered' && r.deliveredTo.sort().join() === 'mail,webhook')).toBe(
    true,
  );
});

it('dead-letters after the last attempt, and can be retried by hand', async () => {
  let t = Date.now() + 1000;
  let up = false;
  const d = createDispatcher(store, {
    subscribers: {
      sink: async () => {
        if (!up) throw new Error('nope');
      },
    },
    maxAttempts: 3,
    backoffMs: () => 10,
    now: () => new Date(t),
  });
  const id = await emit('c.created');
  for (let i = 0; i < 5; i++) {
    await d.dispatchOnce();
    t += 10;
  }
  const [dead] = (await store.db.select().from(outboxEvent)).filter((r) => r.id === id);
  expect(dead).toMatchObject({ status: 'dead', attempts: 3, lastError: 'sink: nope' });
  up = true;
  expect(await d.retryDead(orgId, id)).toBe(true);
  expect(await d.dispatchOnce()).toMatchObject({ delivered: 1 });
});
