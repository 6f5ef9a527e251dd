import rrulePkg, { type RRule as RRuleType } from 'rrule';
import { AppError } from '../core/errors.ts';

// rrule ships CommonJS; its named exports are only reliable through the default import under ESM.
const { RRule } = rrulePkg;

const invalidRule = (rrule: string, reason: string) =>
  new AppError('invalid', 'INVALID_RRULE', `"${rrule}" is not a usable recurrence rule: ${reason}`, {
    field: 'rrule',
  });

/**
 * Parses an RFC 5545 RRULE (`FREQ=WEEKLY;BYDAY=TU;BYHOUR=9`, optionally prefixed `RRULE:`) anchored
 * at `startsAt` and evaluated in UTC. The anchor lives in its own column, so DTSTART and TZID inside
 * the text are refused rather than silently overriding it.
 */
export function parseRule(rrule: string, startsAt: Date): RRuleType {
  const text = rrule.trim().replace(/^RRULE:/i, '');
  let parsed: ReturnType<typeof RRule.parseString>;
  try {
    parsed = RRule.parseString(text);
  } catch (error) {
    throw invalidRule(rrule, error instanceof Error ? error.message : String(error));
  }
  // parseString maps an unknown FREQ to undefined, and an empty rule would default to yearly.
  if (parsed.freq === undefined || parsed.freq === null)
    throw invalidRule(rrule, 'FREQ is missing or unknown');
  if (parsed.dtstart || parsed.tzid) throw invalidRule(rrule, 'DTSTART and TZID are not allowed here');
  if (Number.isNaN(startsAt.getTime())) throw invalidRule(rrule, 'the start is not a valid instant');
  // Whole seconds: otherwise every occurrence inherits the anchor's milliseconds.
  const dtstart = new Date(Math.floor(startsAt.getTime() / 1000) * 1000);
  try {
    return new RRule({ ...parsed, dtstart, tzid: null });
  } catch (error) {
    throw invalidRule(rrule, error instanceof Error ? error.message : String(error));
  }
}

/** Up to `limit` occurrences strictly after `after` (or from the anchor) and at or before `until`, in order. */
export function occurrencesBetween(rule: RRuleType, after: Date | null, until: Date, limit: number): Date[] {
  const from = after ? new Date(after.getTime() + 1) : rule.options.dtstart;
  if (from > until || limit <= 0) return [];
  return rule.between(from, until, true, (_date, count) => count < limit);
}

/** The first occurrence strictly after `after` (or the anchor itself), or null when the rule has ended. */
export function nextOccurrence(rule: RRuleType, after: Date | null): Date | null {
  return after ? rule.after(after, false) : rule.after(rule.options.dtstart, true);
}
