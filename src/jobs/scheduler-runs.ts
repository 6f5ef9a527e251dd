import { and, asc, eq, inArray, lt, lte, sql } from 'drizzle-orm';
import { type Queryable, queryOne, type Store } from '../db/client.ts';
import { jobRun } from './jobs.table.ts';

export type JobRun = typeof jobRun.$inferSelect;

/** What a handler receives for one run. */
export interface JobContext {
  run: JobRun;
  orgId: string | null;
  payload: unknown;
  scheduledFor: Date;
  /** True when the server was down at the scheduled time and this run is catching up. */
  missed: boolean;
}

export type JobHandler = (ctx: JobContext) => Promise<void>;

export interface RunnerOptions {
  handlers: Record<string, JobHandler>;
  now: () => Date;
  maxAttempts: number;
  retryBackoff: (attempt: number) => number;
}

/** Namespace of the PostgreSQL advisory locks that mark a run as being worked on by a live process. */
const RUN_LOCK_NAMESPACE = sql.raw('1785684595');
/**
 * A run is claimed (committed as 'running') a moment before its advisory lock is taken; a running
 * run younger than this is never judged abandoned, so that moment cannot be mistaken for a crash.
 */
const CLAIM_MARGIN_MS = 60_000;
const INTERRUPTED = 'interrupted: the process running it stopped before it finished';

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error)).slice(0, 2000);

/**
 * Claims and executes runs. On PostgreSQL the executing process holds a transaction-scoped advisory
 * lock for the whole run, so another server can tell a run in progress from one whose process died:
 * the lock disappears with the connection. PGlite has one process, so nothing there is in progress
 * when the scheduler starts.
 */
export function createRunner(store: Store, options: RunnerOptions) {
  const { handlers, now, maxAttempts, retryBackoff } = options;
  const db = store.db;
  const names = Object.keys(handlers);

  /** Atomically moves the earliest due run this process can handle from queued to running. */
  async function claim(at: Date): Promise<JobRun | undefined> {
    if (names.length === 0) return undefined;
    const due = db
      .select({ id: jobRun.id })
      .from(jobRun)
      .where(
        and(
          eq(jobRun.status, 'queued'),
          lte(sql`coalesce(${jobRun.notBefore}, ${jobRun.scheduledFor})`, at),
          // Runs for handlers this process lacks are left for a process that has them.
          inArray(jobRun.handler, names),
        ),
      )
      .orderBy(asc(jobRun.scheduledFor), asc(jobRun.id))
      .limit(1)
      .for('update', { skipLocked: true });
    const [run] = await db
      .update(jobRun)
      .set({ status: 'running', startedAt: at, finishedAt: null, attempts: sql`${jobRun.attempts} + 1` })
      // A scalar subquery runs once; `id in (… limit 1 for update skip locked)` may be re-run per row
      // and claim several.
      .where(and(eq(jobRun.id, sql`(${due})`), eq(jobRun.status, 'queued')))
      .returning();
    return run;
  }

  async function invoke(run: JobRun): Promise<string | null> {
    const handler = handlers[run.handler];
    try {
      if (!handler) throw new Error(`no handler named "${run.handler}" is registered`);
      await handler({
        run,
        orgId: run.orgId,
        payload: run.payload,
        scheduledFor: run.scheduledFor,
        missed: run.missed === 1,
      });
      return null;
    } catch (error) {
      return errorText(error);
    }
  }

  async function finish(q: Queryable, run: JobRun, error: string | null): Promise<JobRun['status']> {
    const retry = error !== null && run.attempts < maxAttempts;
    const status = error === null ? 'succeeded' : retry ? 'queued' : 'failed';
    const at = now();
    await q
      .update(jobRun)
      .set({
        status,
        finishedAt: at,
        error,
        notBefore: retry ? new Date(at.getTime() + retryBackoff(run.attempts)) : null,
      })
      // `attempts` identifies this claim: a run requeued and claimed again is not ours to finish.
      .where(and(eq(jobRun.id, run.id), eq(jobRun.status, 'running'), eq(jobRun.attempts, run.attempts)));
    return status;
  }

  /** Runs the next due run; returns its resulting status, or undefined when none is due at `at`. */
  async function runNext(at: Date): Promise<JobRun['status'] | undefined> {
    const run = await claim(at);
    if (!run) return undefined;
    if (store.kind !== 'postgres') return finish(db, run, await invoke(run));
    // Handlers use other pool connections; this one only holds the lock and records the outcome.
    return db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(${RUN_LOCK_NAMESPACE}, hashtext(${run.id}))`);
      return finish(tx, run, await invoke(run));
    });
  }

  /**
   * Requeues runs whose process died while running them ('running' forever otherwise). `all` is for
   * a process that knows it is the only scheduler on the store (PGlite); on PostgreSQL, `unlocked`
   * takes only runs no live process holds. A run that already used its last attempt becomes failed,
   * so a handler that kills the process cannot loop forever.
   */
  async function recoverAbandoned(mode: 'all' | 'unlocked'): Promise<number> {
    const requeue = (q: Queryable, where: ReturnType<typeof and>) =>
      q
        .update(jobRun)
        .set({
          status: sql`case when ${jobRun.attempts} >= ${maxAttempts} then 'failed' else 'queued' end`,
          error: INTERRUPTED,
          notBefore: null,
          finishedAt: now(),
        })
        .where(where)
        .returning({ id: jobRun.id });
    if (mode === 'all') return (await requeue(db, eq(jobRun.status, 'running'))).length;
    if (store.kind !== 'postgres') return 0;
    const settled = new Date(now().getTime() - CLAIM_MARGIN_MS);
    return db.transaction(async (tx) => {
      const candidates = await tx
        .select({ id: jobRun.id })
        .from(jobRun)
        .where(and(eq(jobRun.status, 'running'), lt(jobRun.startedAt, settled)))
        .for('update', { skipLocked: true });
      let recovered = 0;
      for (const { id } of candidates) {
        // Non-blocking: a held lock means a live process is still running it.
        const lock = await queryOne<{ free: boolean }>(
          tx,
          sql`select pg_try_advisory_xact_lock(${RUN_LOCK_NAMESPACE}, hashtext(${id})) as free`,
        );
        if (lock?.free) recovered += (await requeue(tx, eq(jobRun.id, id))).length;
      }
      return recovered;
    });
  }

  return { runNext, recoverAbandoned };
}
