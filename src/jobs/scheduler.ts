import { and, eq, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import { newId } from '../core/ids.ts';
import { queryOne, type Store } from '../db/client.ts';
import { jobRun, jobSchedule } from './jobs.table.ts';
import { occurrencesBetween, parseRule } from './recurrence.ts';
import { listSchedules, type ScheduleSummary } from './scheduler-list.ts';
import { createRunner, type JobHandler } from './scheduler-runs.ts';

export interface SchedulerOptions {
  handlers: Record<string, JobHandler>;
  now?: () => Date;
  /** An occurrence planned more than this after its time is marked missed (the server was down). */
  graceMs?: number;
  /** Occurrences one tick plans per schedule; a longer backlog continues on the next ticks. */
  catchUpLimit?: number;
  /** Attempts per run, the first included, before it stays failed. */
  maxAttempts?: number;
  /** Wait in ms before retrying after the `attempt`-th failed attempt (1-based). */
  retryBackoff?: (attempt: number) => number;
  onError?: (error: unknown) => void;
}

export interface ScheduleInput {
  /** Stable identity: registering the same name again updates that schedule. */
  name: string;
  handler: string;
  /** RFC 5545 RRULE, e.g. `FREQ=HOURLY` or `FREQ=WEEKLY;BYDAY=TU;BYHOUR=9`, in UTC. */
  rrule: string;
  /** The rule's anchor; kept from the first registration so restarts do not shift the series. */
  startsAt: Date;
  orgId?: string | null;
  payload?: Record<string, unknown>;
}

export interface OneOffJob {
  handler: string;
  orgId?: string | null;
  payload?: Record<string, unknown>;
  /** Defaults to now. */
  runAt?: Date;
}

export interface TickResult {
  /** Occurrences turned into runs by this tick. */
  planned: number;
  /** Runs executed by this tick, whatever their outcome. */
  ran: number;
}

export interface SchedulerState {
  running: boolean;
  lastTickAt: string | null;
  schedules: number;
  queued: number;
  failed: number;
}

type ScheduleRow = typeof jobSchedule.$inferSelect;

/**
 * A durable, database-backed scheduler. Each occurrence of a schedule becomes one `job_run` row,
 * unique per (schedule, time), so after downtime every missed occurrence runs exactly once, in order,
 * however many ticks or processes plan it; runs are claimed atomically, so two servers never run the
 * same one. Handlers run at least once: a run interrupted by a crash is run again.
 */
export function createScheduler(store: Store, options: SchedulerOptions) {
  const now = options.now ?? (() => new Date());
  const graceMs = options.graceMs ?? 60_000;
  const catchUpLimit = options.catchUpLimit ?? 1000;
  const onError = options.onError ?? ((error) => console.error('scheduler:', error));
  const handlerNames = Object.keys(options.handlers);
  const db = store.db;
  const runner = createRunner(store, {
    handlers: options.handlers,
    now,
    maxAttempts: options.maxAttempts ?? 3,
    retryBackoff: options.retryBackoff ?? ((attempt) => Math.min(60_000 * 2 ** (attempt - 1), 3_600_000)),
  });
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<unknown> | undefined;
  let stopping = false;
  let lastTickAt: Date | null = null;
  let counts = { schedules: 0, queued: 0, failed: 0 };

  /** Creates or updates the schedule called `input.name`; returns its id. */
  async function upsertSchedule(input: ScheduleInput): Promise<string> {
    parseRule(input.rrule, input.startsAt);
    const fields = {
      handler: input.handler,
      rrule: input.rrule,
      orgId: input.orgId ?? null,
      payload: input.payload ?? {},
    };
    const [row] = await db
      .insert(jobSchedule)
      .values({ id: newId('sch'), name: input.name, startsAt: input.startsAt, ...fields })
      .onConflictDoUpdate({ target: jobSchedule.name, set: fields })
      .returning({ id: jobSchedule.id });
    return row!.id;
  }

  /** Queues a one-off run; returns its id. */
  async function enqueue(job: OneOffJob): Promise<string> {
    const id = newId('run');
    await db.insert(jobRun).values({
      id,
      handler: job.handler,
      orgId: job.orgId ?? null,
      payload: job.payload ?? {},
      scheduledFor: job.runAt ?? now(),
    });
    return id;
  }

  async function planSchedule(schedule: ScheduleRow, at: Date): Promise<number> {
    const rule = parseRule(schedule.rrule, schedule.startsAt);
    const due = occurrencesBetween(rule, schedule.plannedUntil, at, catchUpLimit);
    const last = due.at(-1);
    if (!last) return 0;
    // The unique (schedule, time) index makes a second planner's insert a no-op.
    const inserted = await db
      .insert(jobRun)
      .values(
        due.map((scheduledFor) => ({
          id: newId('run'),
          scheduleId: schedule.id,
          handler: schedule.handler,
          orgId: schedule.orgId,
          payload: schedule.payload,
          scheduledFor,
          missed: at.getTime() - scheduledFor.getTime() > graceMs ? 1 : 0,
        })),
      )
      .onConflictDoNothing()
      .returning({ id: jobRun.id });
    // Only forward: a concurrent planner may already be further along.
    await db
      .update(jobSchedule)
      .set({ plannedUntil: last })
      .where(
        and(
          eq(jobSchedule.id, schedule.id),
          or(isNull(jobSchedule.plannedUntil), lt(jobSchedule.plannedUntil, last)),
        ),
      );
    return inserted.length;
  }

  /** Turns every occurrence due by `at` into a run, for the schedules this process can handle. */
  async function plan(at: Date): Promise<number> {
    if (handlerNames.length === 0) return 0;
    const schedules = await db
      .select()
      .from(jobSchedule)
      .where(and(eq(jobSchedule.enabled, 1), inArray(jobSchedule.handler, handlerNames)));
    let planned = 0;
    for (const schedule of schedules) {
      // One broken schedule (a rule edited by hand) must not stop the others.
      try {
        planned += await planSchedule(schedule, at);
      } catch (error) {
        onError(error);
      }
    }
    return planned;
  }

  async function refreshCounts(): Promise<void> {
    const row = await queryOne<typeof counts>(
      db,
      sql`select (select count(*)::int from job_schedule) as schedules,
                 (select count(*)::int from job_run where status = 'queued') as queued,
                 (select count(*)::int from job_run where status = 'failed') as failed`,
    );
    if (row) counts = row;
  }

  /** Plans due occurrences, then runs every run due now, earliest first, one at a time. */
  async function tick(): Promise<TickResult> {
    const at = now();
    await runner.recoverAbandoned('unlocked');
    const planned = await plan(at);
    let ran = 0;
    while (!stopping && (await runner.runNext(at))) ran++;
    lastTickAt = at;
    await refreshCounts();
    return { planned, ran };
  }

  function loop(): void {
    if (inFlight) return;
    inFlight = tick()
      .catch(onError)
      .finally(() => {
        inFlight = undefined;
      });
  }

  return {
    upsertSchedule,
    enqueue,
    tick,
    list: (): Promise<ScheduleSummary[]> => listSchedules(db),
    /** Requeues runs a dead process left running; see `createRunner`. Returns how many. */
    recoverAbandoned: (mode: 'all' | 'unlocked' = 'unlocked') => runner.recoverAbandoned(mode),
    /** A cheap, synchronous snapshot for /api/health; counts are as of the last tick. */
    state: (): SchedulerState => ({
      running: timer !== undefined,
      lastTickAt: lastTickAt?.toISOString() ?? null,
      ...counts,
    }),
    /**
     * Requeues runs a crashed process left running, then ticks every `intervalMs`. `exclusive` says no
     * other scheduler uses this store (the embedded store's lock guarantees it), so every running run
     * is abandoned; otherwise only runs no live PostgreSQL connection holds are.
     */
    async start(intervalMs = 1000, exclusive = store.kind === 'pglite'): Promise<void> {
      if (timer) return;
      await runner.recoverAbandoned(exclusive ? 'all' : 'unlocked');
      await refreshCounts();
      timer = setInterval(loop, intervalMs);
      timer.unref();
      loop();
    },
    /** Stops ticking; the run in progress finishes, no further run starts. */
    async stop(): Promise<void> {
      if (timer) clearInterval(timer);
      timer = undefined;
      stopping = true;
      try {
        await inFlight;
      } finally {
        stopping = false;
      }
    },
  };
}

export type Scheduler = ReturnType<typeof createScheduler>;
export type { LastRunStatus, ScheduleSummary } from './scheduler-list.ts';
export type { JobContext, JobHandler, JobRun } from './scheduler-runs.ts';
