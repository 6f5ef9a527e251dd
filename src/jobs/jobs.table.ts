import { sql } from 'drizzle-orm';
import {
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { organization } from '../modules/identity/identity.table.ts';

/**
 * Domain events, written in the transaction that changed the state. The dispatcher delivers each
 * event to every subscriber at least once; `deliveredTo` records which subscribers have it.
 */
export const outboxEvent = pgTable(
  'outbox_event',
  {
    orgId: text('org_id')
      .notNull()
      .references(() => organization.id, { onDelete: 'cascade' }),
    id: text('id').notNull(),
    type: text('type').notNull(),
    payload: jsonb('payload').notNull(),
    status: text('status', { enum: ['pending', 'delivered', 'dead'] })
      .notNull()
      .default('pending'),
    deliveredTo: text('delivered_to').array().notNull().default(sql`'{}'::text[]`),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    lastError: text('last_error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.id] })],
);

/**
 * A recurring schedule. Platform table: the scheduler reads every organization's schedules;
 * `orgId` is set when a schedule works for one organization.
 */
export const jobSchedule = pgTable('job_schedule', {
  id: text('id').primaryKey(),
  name: text('name').notNull().unique(),
  orgId: text('org_id').references(() => organization.id, { onDelete: 'cascade' }),
  handler: text('handler').notNull(),
  /** RFC 5545 recurrence rule, e.g. `FREQ=HOURLY;INTERVAL=1`, anchored at `startsAt`. */
  rrule: text('rrule').notNull(),
  startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
  payload: jsonb('payload').notNull().default({}),
  enabled: integer('enabled').notNull().default(1),
  /** The latest occurrence already planned as a run; catch-up starts after it. */
  plannedUntil: timestamp('planned_until', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/** One occurrence of a schedule (or a one-off job). Unique per (schedule, occurrence): never run twice. */
export const jobRun = pgTable(
  'job_run',
  {
    id: text('id').primaryKey(),
    scheduleId: text('schedule_id').references(() => jobSchedule.id, { onDelete: 'cascade' }),
    handler: text('handler').notNull(),
    orgId: text('org_id'),
    payload: jsonb('payload').notNull().default({}),
    scheduledFor: timestamp('scheduled_for', { withTimezone: true }).notNull(),
    /** A failed run's retry waits until then; null means at `scheduledFor`. */
    notBefore: timestamp('not_before', { withTimezone: true }),
    status: text('status', { enum: ['queued', 'running', 'succeeded', 'failed'] })
      .notNull()
      .default('queued'),
    attempts: integer('attempts').notNull().default(0),
    /** Set when a run started late because the server was down at its time. */
    missed: integer('missed').notNull().default(0),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    error: text('error'),
  },
  (t) => [
    uniqueIndex('job_run_occurrence_uq').on(t.scheduleId, t.scheduledFor),
    index('job_run_due_idx').on(t.status, t.scheduledFor),
  ],
);
