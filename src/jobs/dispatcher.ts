import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { queryRows, type Store } from '../db/client.ts';
import { outboxEvent } from './jobs.table.ts';

/** What a subscriber receives: the event as it was written in the committing transaction. */
export interface DeliveredEvent {
  id: string;
  orgId: string;
  type: string;
  payload: unknown;
  createdAt: Date;
}

export type Subscriber = (event: DeliveredEvent) => Promise<void>;

export interface DispatcherOptions {
  /** Named subscribers; a name is recorded on an event as soon as that subscriber has it. */
  subscribers: Record<string, Subscriber>;
  /** Failed passes before an event is dead-lettered. */
  maxAttempts?: number;
  /** Wait in ms before the next try, after the `attempt`-th failed pass (1-based). */
  backoff?: (attempt: number) => number;
  batchSize?: number;
  /** How long a claimed event is hidden from other dispatchers; after a crash it becomes due again. */
  leaseMs?: number;
  now?: () => Date;
  onError?: (error: unknown) => void;
}

export interface DispatchResult {
  /** Events now delivered to every subscriber. */
  delivered: number;
  /** Events that failed this pass and will be tried again. */
  failed: number;
  /** Events that failed their last allowed attempt. */
  dead: number;
}

type EventRow = typeof outboxEvent.$inferSelect;

// 15 s, 45 s, 2¼ min, … capped at an hour: eight attempts ride out a few hours of a peer being down.
const defaultBackoff = (attempt: number) => Math.min(15_000 * 3 ** (attempt - 1), 3_600_000);

/**
 * Delivers outbox events to every subscriber at least once. All progress lives in the rows
 * (`delivered_to`, `attempts`, `next_attempt_at`), so a restarted process resumes where the last one
 * stopped, and a subscriber that has an event never gets it again because another one failed.
 * Events are claimed by pushing `next_attempt_at` forward in one `UPDATE … FOR UPDATE SKIP LOCKED`,
 * so two servers on one PostgreSQL do not deliver the same event at the same time.
 */
export function createDispatcher(store: Store, options: DispatcherOptions) {
  const { subscribers } = options;
  const names = Object.keys(subscribers);
  const maxAttempts = options.maxAttempts ?? 8;
  const backoff = options.backoff ?? defaultBackoff;
  const batchSize = options.batchSize ?? 100;
  const leaseMs = Math.max(1, options.leaseMs ?? 5 * 60_000);
  const now = options.now ?? (() => new Date());
  const onError = options.onError ?? ((error) => console.error('outbox dispatch failed:', error));
  const db = store.db;
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<void> | undefined;
  let again = false;

  const keyOf = (e: EventRow) => and(eq(outboxEvent.orgId, e.orgId), eq(outboxEvent.id, e.id));
  const later = (ms: number) => new Date(now().getTime() + ms);

  /** Claims up to one batch of events due at `cutoff`, oldest first. */
  async function claim(cutoff: Date): Promise<EventRow[]> {
    // Materialized so the locking subquery runs once: inlined into a join it may be re-run and claim
    // more than a batch.
    const claimed = await queryRows<{ org_id: string; id: string }>(
      db,
      sql`with due as materialized (
            select org_id, id from outbox_event
            where status = 'pending' and next_attempt_at <= ${cutoff}
            order by created_at, id limit ${batchSize}
            for update skip locked)
          update outbox_event e set next_attempt_at = ${later(leaseMs)}
          from due where e.org_id = due.org_id and e.id = due.id
          returning e.org_id, e.id`,
    );
    if (claimed.length === 0) return [];
    const keys = new Set(claimed.map((k) => `${k.org_id}/${k.id}`));
    const rows = await db
      .select()
      .from(outboxEvent)
      .where(inArray(outboxEvent.id, [...new Set(claimed.map((k) => k.id))]))
      .orderBy(asc(outboxEvent.createdAt), asc(outboxEvent.id));
    return rows.filter((row) => keys.has(`${row.orgId}/${row.id}`));
  }

  async function deliver(event: EventRow): Promise<keyof DispatchResult> {
    const done = new Set(event.deliveredTo);
    const errors: string[] = [];
    const message = { id: event.id, orgId: event.orgId, type: event.type, payload: event.payload };
    for (const name of names) {
      if (done.has(name)) continue;
      try {
        await subscribers[name]!({ ...message, createdAt: event.createdAt });
      } catch (error) {
        errors.push(`${name}: ${error instanceof Error ? error.message : String(error)}`);
        continue;
      }
      done.add(name);
      // Recorded at once: if the process dies before the next subscriber, this one is not repeated.
      await db
        .update(outboxEvent)
        .set({ deliveredTo: sql`array_append(${outboxEvent.deliveredTo}, ${name}::text)` })
        .where(and(keyOf(event), sql`not (${name}::text = any(${outboxEvent.deliveredTo}))`));
    }
    // `status = 'pending'` keeps a slow pass whose lease expired from undoing another's outcome.
    const stillPending = and(keyOf(event), eq(outboxEvent.status, 'pending'));
    if (errors.length === 0) {
      await db.update(outboxEvent).set({ status: 'delivered', deliveredAt: now() }).where(stillPending);
      return 'delivered';
    }
    const attempts = event.attempts + 1;
    const dead = attempts >= maxAttempts;
    await db
      .update(outboxEvent)
      .set({
        status: dead ? 'dead' : 'pending',
        attempts,
        lastError: errors.join('; ').slice(0, 2000),
        // At least 1 ms, so one pass never picks up the event it just failed.
        nextAttemptAt: later(Math.max(1, backoff(attempts))),
      })
      .where(stillPending);
    return dead ? 'dead' : 'failed';
  }

  /** Delivers every event due now, in batches, oldest first; each event is tried once per pass. */
  async function dispatchOnce(): Promise<DispatchResult> {
    const result: DispatchResult = { delivered: 0, failed: 0, dead: 0 };
    // Claimed and failed events move past the cutoff, so the loop ends.
    const cutoff = now();
    for (;;) {
      const batch = await claim(cutoff);
      for (const event of batch) result[await deliver(event)]++;
      if (batch.length < batchSize) return result;
    }
  }

  /** Runs passes until nobody asked for another; concurrent callers share the one in flight. */
  function pass(): Promise<void> {
    if (inFlight) {
      again = true;
      return inFlight;
    }
    inFlight = (async () => {
      do {
        again = false;
        await dispatchOnce().catch(onError);
      } while (again);
    })().finally(() => {
      inFlight = undefined;
    });
    return inFlight;
  }

  return {
    dispatchOnce,
    /** Polls every `intervalMs`; events also go out at once after `wake()`. */
    start(intervalMs = 1000): void {
      if (timer) return;
      timer = setInterval(() => void pass(), intervalMs);
      timer.unref();
      void pass();
    },
    /** Stops polling and waits for the pass in flight. */
    async stop(): Promise<void> {
      if (timer) clearInterval(timer);
      timer = undefined;
      await inFlight;
    },
    /** Delivers promptly after a commit instead of at the next poll; does nothing unless started. */
    wake(): void {
      if (timer) void pass();
    },
    /**
     * Puts a dead event back in line with a fresh attempt count; subscribers that already have it are
     * not called again. False when the organization has no dead event with that id.
     */
    async retryDead(orgId: string, eventId: string): Promise<boolean> {
      const rows = await db
        .update(outboxEvent)
        .set({ status: 'pending', attempts: 0, nextAttemptAt: now() })
        .where(and(eq(outboxEvent.orgId, orgId), eq(outboxEvent.id, eventId), eq(outboxEvent.status, 'dead')))
        .returning({ id: outboxEvent.id });
      return rows.length > 0;
    },
    /** Events per status across all organizations, for health and operations pages. */
    async counts(): Promise<Record<EventRow['status'], number>> {
      const rows = await db
        .select({ status: outboxEvent.status, n: sql<number>`count(*)::int` })
        .from(outboxEvent)
        .groupBy(outboxEvent.status);
      const counts = { pending: 0, delivered: 0, dead: 0 };
      for (const row of rows) counts[row.status] = row.n;
      return counts;
    },
  };
}

export type Dispatcher = ReturnType<typeof createDispatcher>;
