import { asc, desc, isNotNull, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { jobRun, jobSchedule } from './jobs.table.ts';
import { nextOccurrence, parseRule } from './recurrence.ts';

/** The last run's outcome; `retrying` is a failed attempt that will be tried again. */
export type LastRunStatus = 'running' | 'succeeded' | 'failed' | 'retrying' | 'queued';

export interface ScheduleSummary {
  name: string;
  handler: string;
  rrule: string;
  orgId: string | null;
  enabled: boolean;
  /** When the most recently started run started (ISO 8601). */
  lastRunAt: string | null;
  lastStatus: LastRunStatus | null;
  /** The earliest time a run of this schedule is due: a waiting retry or the next occurrence. */
  nextRunAt: string | null;
  /** Runs that started late because the server was down at their time. */
  missedCount: number;
  /** Runs that used every attempt and stayed failed. */
  failedCount: number;
  /** Runs waiting: due, not yet due, or waiting for a retry. */
  queuedCount: number;
  /** @deprecated use `missedCount`; kept while `ordo jobs` still reads it. */
  missed: number;
  /** @deprecated use `failedCount`; kept while `ordo jobs` still reads it. */
  failed: number;
}

const toIso = (d: Date | null | undefined) => (d ? d.toISOString() : null);
const earliest = (a: Date | null, b: Date | null) => (a && b ? (a < b ? a : b) : (a ?? b));

/** The next occurrence not yet planned; null for an ended rule or one edited into nonsense in the database. */
function upcomingOccurrence(s: typeof jobSchedule.$inferSelect): Date | null {
  try {
    return nextOccurrence(parseRule(s.rrule, s.startsAt), s.plannedUntil);
  } catch {
    return null;
  }
}

/** Every schedule with its last run, next run, missed and failed counts, by name. */
export async function listSchedules(db: Db): Promise<ScheduleSummary[]> {
  const schedules = await db.select().from(jobSchedule).orderBy(asc(jobSchedule.name));
  if (schedules.length === 0) return [];
  const stats = await db
    .select({
      scheduleId: jobRun.scheduleId,
      missed: sql<number>`count(*) filter (where ${jobRun.missed} = 1)::int`,
      failed: sql<number>`count(*) filter (where ${jobRun.status} = 'failed')::int`,
      queued: sql<number>`count(*) filter (where ${jobRun.status} = 'queued')::int`,
      nextDue:
        sql<Date | null>`min(coalesce(${jobRun.notBefore}, ${jobRun.scheduledFor})) filter (where ${jobRun.status} = 'queued')`.mapWith(
          jobRun.scheduledFor,
        ),
    })
    .from(jobRun)
    .where(isNotNull(jobRun.scheduleId))
    .groupBy(jobRun.scheduleId);
  const lastRuns = await db
    .selectDistinctOn([jobRun.scheduleId], {
      scheduleId: jobRun.scheduleId,
      startedAt: jobRun.startedAt,
      status: jobRun.status,
      error: jobRun.error,
    })
    .from(jobRun)
    .where(isNotNull(jobRun.startedAt))
    .orderBy(jobRun.scheduleId, desc(jobRun.startedAt), desc(jobRun.attempts));
  return schedules.map((s) => {
    const stat = stats.find((r) => r.scheduleId === s.id);
    const last = lastRuns.find((r) => r.scheduleId === s.id);
    const upcoming = s.enabled === 1 ? upcomingOccurrence(s) : null;
    // A queued run with an error is a failed attempt waiting for its retry.
    const lastStatus = last?.status === 'queued' && last.error ? 'retrying' : (last?.status ?? null);
    return {
      name: s.name,
      handler: s.handler,
      rrule: s.rrule,
      orgId: s.orgId,
      enabled: s.enabled === 1,
      lastRunAt: toIso(last?.startedAt),
      lastStatus,
      nextRunAt: toIso(earliest(stat?.nextDue ?? null, upcoming)),
      missedCount: stat?.missed ?? 0,
      failedCount: stat?.failed ?? 0,
      queuedCount: stat?.queued ?? 0,
      missed: stat?.missed ?? 0,
      failed: stat?.failed ?? 0,
    };
  });
}
