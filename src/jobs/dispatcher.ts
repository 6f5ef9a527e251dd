import { and, asc, eq, lte, sql } from 'drizzle-orm';
import type { Store } from '../db/client.ts';
import { outboxEvent } from './jobs.table.ts';

export interface DeliveredEvent {
  id: string;
  orgId: string;
  type: string;
  payload: unknown;
  createdAt: Date;
}

export type Subscriber = (event: DeliveredEvent) => Promise<void>;

export interface DispatcherOptions {
  /** Named subscribers; the name is recorded per event once it has the event. */
  subscribers: Record<string, Subscriber>;
  maxAttempts?: number;
  backoffMs?: (attempt: number) => number;
  batchSize?: number;
  now?: () => Date;
}

export interface DispatchResult {
  delivered: number;
  failed: number;
  dead: number;
}

const defaultBackoff = (attempt: number) => Math.min(1000 * 2 ** attempt, 15 * 60_000);

/**
 * Delivers outbox events to every subscriber at least once. Progress lives in the rows
 * (`delivered_to`, `attempts`, `next_attempt_at`), so a restart resumes where it stopped and a
 * subscriber that already has an event does not get it again when another one fails.
 */
export function createDispatcher(store: Store, options: DispatcherOptions) {
  const { subscribers } = options;
  const names = Object.keys(subscribers);
  const maxAttempts = options.maxAttempts ?? 8;
  const backoff = options.backoffMs ?? defaultBackoff;
  const now = options.now ?? (() => new Date());
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | undefined;
  let again = false;

  async function deliver(event: typeof outboxEvent.$inferSelect): Promise<'delivered' | 'failed' | 'dead'> {
    const done = new Set(event.deliveredTo);
    const errors: string[] = [];
    for (const name of names) {
      if (done.has(name)) continue;
      try {
        await subscribers[name]!({
          id: event.id,
          orgId: event.orgId,
          type: event.type,
          payload: event.payload,
          createdAt: event.createdAt,
        });
        done.add(name);
      } catch (error) {
        errors.push(`${name}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    const key = and(eq(outboxEvent.orgId, event.orgId), eq(outboxEvent.id, event.id));
    if (errors.length === 0) {
      await store.db
        .update(outboxEvent)
        .set({ status: 'delivered', deliveredTo: [...done], deliveredAt: now() })
        .where(key);
      return 'delivered';
    }
    const attempts = event.attempts + 1;
    const dead = attempts >= maxAttempts;
    await store.db
      .update(outboxEvent)
      .set({
        status: dead ? 'dead' : 'pending',
        deliveredTo: [...done],
        attempts,
        lastError: errors.join('; ').slice(0, 2000),
        nextAttemptAt: new Date(now().getTime() + backoff(attempts)),
      })
      .where(key);
    return dead ? 'dead' : 'failed';
  }

  async function dispatchOnce(): Promise<DispatchResult> {
    const result: DispatchResult = { delivered: 0, failed: 0, dead: 0 };
    for (;;) {
      const batch = await store.db
        .select()
        .from(outboxEvent)
        .where(and(eq(outboxEvent.status, 'pending'), lte(outboxEvent.nextAttemptAt, now())))
        .orderBy(asc(outboxEvent.createdAt), asc(outboxEvent.id))
        .limit(options.batchSize ?? 100);
      for (const event of batch) result[await deliver(event)]++;
      if (batch.length < (options.batchSize ?? 100) || result.failed + result.dead >= batch.length)
        return result;
    }
  }

  /** Runs one pass, or schedules another right after the one in flight. */
  function pass(): Promise<unknown> {
    if (running) {
      again = true;
      return running;
    }
    running = dispatchOnce()
      .catch((error) => console.error('outbox dispatch failed:', error))
      .finally(() => {
        running = undefined;
        if (again) {
          again = false;
          void pass();
        }
      });
    return running;
  }

  return {
    dispatchOnce,
    /** Delivers promptly after a commit instead of waiting for the next poll. */
    wake: () => void pass(),
    start(intervalMs = 1000) {
      void pass();
      timer = setInterval(() => void pass(), intervalMs);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await running;
    },
    /** Puts a dead event back in line with a fresh attempt count. */
    async retryDead(orgId: string, eventId: string): Promise<boolean> {
      const rows = await store.db
        .update(outboxEvent)
        .set({ status: 'pending', attempts: 0, nextAttemptAt: now(), lastError: null })
        .where(and(eq(outboxEvent.orgId, orgId), eq(outboxEvent.id, eventId), eq(outboxEvent.status, 'dead')))
        .returning({ id: outboxEvent.id });
      return rows.length > 0;
    },
    async counts() {
      const rows = await store.db
        .select({ status: outboxEvent.status, n: sql<number>`count(*)::int` })
        .from(outboxEvent)
        .groupBy(outboxEvent.status);
      return Object.fromEntries(rows.map((r) => [r.status, r.n])) as Partial<
        Record<'pending' | 'delivered' | 'dead', number>
      >;
    },
  };
}

export type Dispatcher = ReturnType<typeof createDispatcher>;
