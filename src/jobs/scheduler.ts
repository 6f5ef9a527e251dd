import { and, asc, eq, inArray, lt, or, sql } from 'drizzle-orm';
import rrulePkg from 'rrule';
import { AppError } from '../core/errors.ts';
import { newId } from '../core/ids.ts';
import { queryRows, type Store } from '../db/client.ts';
import { jobRun, jobSchedule } from './jobs.table.ts';

const { RRule } = rrulePkg;

export interface JobContext {
  runId: string;
  orgId: string | null;
  payload: unknown;
  scheduledFor: Date;
  /** True when the server was down at the scheduled time and this run is catching up. */
  missed: boolean;
}

export type JobHandler = (ctx: JobContext) => Promise<void>;

export interface SchedulerOptions {
  handlers: Record<string, JobHandler>;
  now?: () => Date;
  /** Occurrences older than this when planned are marked missed. */
  graceMs?: number;
  /** How many occurrences of one schedule one tick plans; the rest follow on the next ticks. */
  catchUpLimit?: number;
  maxAttempts?: number;
  /** A run still 'running' after this long was abandoned by a dead process and is run again. */
  abandonAfterMs?: number;
}

export interface ScheduleInput {
  name: string;
  handler: string;
  rrule: string;
  startsAt: Date;
  orgId?: string | null;
  payload?: Record<string, unknown>;
}

export interface ScheduleSummary {
  name: string;
  handler: string;
  rrule: string;
  orgId: string | null;
  lastRunAt: string | null;
  lastStatus: string | null;
  nextRunAt: string | null;
  missed: number;
  failed: number;
  queued: number;
}

type ScheduleRow = typeof jobSchedule.$inferSelect;
type RunRow = typeof jobRun.$inferSelect;

export function parseRule(rrule: string, startsAt: Date) {
  try {
    // Whole seconds: occurrences inherit dtstart's milliseconds otherwise.
    const dtstart = new Date(Math.floor(startsAt.getTime() / 1000) * 1000);
    return new RRule({ ...RRule.parseString(rrule.replace(/^RRULE:/i, '')), dtstart });
  } catch (error) {
    throw new AppError(
      'invalid',
      'INVALID_RRULE',
      `"${rrule}" is not a recurrence rule: ${(error as Error).message}`,
      {
        field: 'rrule',
      },
    );
  }
}

/**
 * A database-backed scheduler. Each occurrence of a schedule becomes one `job_run` row, unique per
 * (schedule, time), so after downtime every missed occurrence runs exactly once, in order, however
 * many ticks or processes plan it. Runs are claimed with an atomic UPDATE, so two servers on one
 * PostgreSQL never run the same occurrence.
 */
export function createScheduler(store: Store, options: SchedulerOptions) {
  const now = options.now ?? (() => new Date());
  const graceMs = options.graceMs ?? 60_000;
  const catchUpLimit = options.catchUpLimit ?? 1000;
  const maxAttempts = options.maxAttempts ?? 3;
  const abandonAfterMs = options.abandonAfterMs ?? 10 * 60_000;
  const db = store.db;
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<unknown> | undefined;
  let lastTickAt: Date | null = null;
  let counts = { schedules: 0, queued: 0, failed: 0 };

  async function upsertSchedule(input: ScheduleInput): Promise<void> {
    parseRule(input.rrule, input.startsAt);
    await db
      .insert(jobSchedule)
      .values({
        id: newId('sch'),
        name: input.name,
        handler: input.handler,
        rrule: input.rrule,
        startsAt: input.startsAt,
        orgId: input.orgId ?? null,
        payload: input.payload ?? {},
      })
      .onConflictDoUpdate({
        target: jobSchedule.name,
        set: {
          handler: input.handler,
          rrule: input.rrule,
          payload: input.payload ?? {},
          orgId: input.orgId ?? null,
        },
      });
  }

  async function enqueue(job: {
    handler: string;
    orgId?: string | null;
    payload?: unknown;
    runAt?: Date;
  }): Promise<string> {
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

  async function planSchedule(schedule: ScheduleRow, at: Date): Promise<void> {
    const rule = parseRule(schedule.rrule, schedule.startsAt);
    const from = schedule.plannedUntil ?? new Date(schedule.startsAt.getTime() - 1);
    const occurrences = rule.between(from, at, true, (_d, i) => i < catchUpLimit + 1).filter((d) => d > from);
    const batch = occurrences.slice(0, catchUpLimit);
    if (batch.length === 0) return;
    await db
      .insert(jobRun)
      .values(
        batch.map((scheduledFor) => ({
          id: newId('run'),
          scheduleId: schedule.id,
          handler: schedule.handler,
          orgId: schedule.orgId,
          payload: schedule.payload,
          scheduledFor,
          missed: at.getTime() - scheduledFor.getTime() > graceMs ? 1 : 0,
        })),
      )
      .onConflictDoNothing();
    const last = batch[batch.length - 1]!;
    // Only move forward: a concurrent planner may already be further along.
    await db
      .update(jobSchedule)
      .set({ plannedUntil: last })
      .where(
        and(
          eq(jobSchedule.id, schedule.id),
          or(sql`${jobSchedule.plannedUntil} is null`, lt(jobSchedule.plannedUntil, last)),
        ),
      );
  }

  async function plan(at: Date): Promise<void> {
    const schedules = await db.select().from(jobSchedule).where(eq(jobSchedule.enabled, 1));
    for (const schedule of schedules) await planSchedule(schedule, at);
  }

  async function claimNext(at: Date): Promise<RunRow | undefined> {
    const [row] = await queryRows<{ id: string }>(
      db,
      sql`update job_run set status = 'running', started_at = ${at}, attempts = attempts + 1
          where id = (select id from job_run where status = 'queued' and coalesce(not_before, scheduled_for) <= ${at}
                      order by scheduled_for, id limit 1 for update skip locked)
          returning id`,
    );
    if (!row) return undefined;
    const [run] = await db.select().from(jobRun).where(eq(jobRun.id, row.id));
    return run;
  }

  async function execute(run: RunRow): Promise<void> {
    const handler = options.handlers[run.handler];
    try {
      if (!handler) throw new Error(`no handler named "${run.handler}" is registered`);
      await handler({
        runId: run.id,
        orgId: run.orgId,
        payload: run.payload,
        scheduledFor: run.scheduledFor,
        missed: run.missed === 1,
      });
      await db
        .update(jobRun)
        .set({ status: 'succeeded', finishedAt: now(), error: null })
        .where(eq(jobRun.id, run.id));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const retry = run.attempts < maxAttempts;
      await db
        .update(jobRun)
        .set({
          status: retry ? 'queued' : 'failed',
          finishedAt: retry ? null : now(),
          error: message.slice(0, 2000),
          notBefore: retry ? new Date(now().getTime() + 5_000 * 2 ** run.attempts) : null,
        })
        .where(eq(jobRun.id, run.id));
    }
  }

  /** Requeues runs left 'running' by a process that died (all of them when `all`, else only stale ones). */
  async function recoverAbandoned(all: boolean): Promise<number> {
    const stale = new Date(now().getTime() - abandonAfterMs);
    const rows = await db
      .update(jobRun)
      .set({ status: 'queued' })
      .where(and(eq(jobRun.status, 'running'), all ? undefined : lt(jobRun.startedAt, stale)))
      .returning({ id: jobRun.id });
    return rows.length;
  }

  async function refreshCounts() {
    const [row] = await queryRows<{ schedules: number; queued: number; failed: number }>(
      db,
      sql`select (select count(*)::int from job_schedule) as schedules,
                 (select count(*)::int from job_run where status = 'queued') as queued,
                 (select count(*)::int from job_run where status = 'failed') as failed`,
    );
    if (row) counts = row;
  }

  /** Plans due occurrences and runs every due run, oldest first. Returns how many ran. */
  async function tick(): Promise<number> {
    const at = now();
    await recoverAbandoned(false);
    await plan(at);
    let ran = 0;
    for (let run = await claimNext(at); run; run = await claimNext(at)) {
      await execute(run);
      ran++;
    }
    lastTickAt = at;
    await refreshCounts();
    return ran;
  }

  async function list(): Promise<ScheduleSummary[]> {
    const schedules = await db.select().from(jobSchedule).orderBy(asc(jobSchedule.name));
    if (schedules.length === 0) return [];
    const stats = await queryRows<{
      schedule_id: string;
      last_run_at: Date | string | null;
      last_status: string | null;
      missed: number;
      failed: number;
      queued: number;
    }>(
      db,
      sql`select schedule_id,
                 max(finished_at) as last_run_at,
                 (array_agg(status order by scheduled_for desc) filter (where status in ('succeeded','failed')))[1] as last_status,
                 count(*) filter (where missed = 1)::int as missed,
                 count(*) filter (where status = 'failed')::int as failed,
                 count(*) filter (where status = 'queued')::int as queued
          from job_run where ${inArray(
            jobRun.scheduleId,
            schedules.map((s) => s.id),
          )} group by schedule_id`,
    );
    const at = now();
    return schedules.map((s) => {
      const stat = stats.find((r) => r.schedule_id === s.id);
      const after = s.plannedUntil && s.plannedUntil > at ? s.plannedUntil : at;
      const next = s.enabled ? parseRule(s.rrule, s.startsAt).after(after, false) : null;
      return {
        name: s.name,
        handler: s.handler,
        rrule: s.rrule,
        orgId: s.orgId,
        lastRunAt: stat?.last_run_at ? new Date(stat.last_run_at).toISOString() : null,
        lastStatus: stat?.last_status ?? null,
        nextRunAt: next ? next.toISOString() : null,
        missed: stat?.missed ?? 0,
        failed: stat?.failed ?? 0,
        queued: stat?.queued ?? 0,
      };
    });
  }

  function loop() {
    if (inFlight) return;
    inFlight = tick()
      .catch((error) => console.error('scheduler tick failed:', error))
      .finally(() => {
        inFlight = undefined;
      });
  }

  return {
    upsertSchedule,
    enqueue,
    tick,
    list,
    recoverAbandoned,
    state: () => ({ running: timer !== undefined, lastTickAt: lastTickAt?.toISOString() ?? null, ...counts }),
    /** Starts ticking. `exclusive` (the embedded store's single process) requeues every leftover running run. */
    async start(intervalMs = 1000, exclusive = false) {
      await recoverAbandoned(exclusive);
      timer = setInterval(loop, intervalMs);
      timer.unref();
      loop();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await inFlight;
    },
  };
}

export type Scheduler = ReturnType<typeof createScheduler>;
