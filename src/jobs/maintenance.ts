import { lt } from 'drizzle-orm';
import { idempotencyKey } from '../api/idempotency.table.ts';
import type { Store } from '../db/client.ts';
import { verification } from '../modules/identity/identity.table.ts';
import type { JobHandler } from './scheduler.ts';

/** Idempotency keys are kept a day: long enough for any client's retries. */
const IDEMPOTENCY_TTL_MS = 24 * 60 * 60_000;

export const MAINTENANCE_SCHEDULES = [
  {
    name: 'maintenance.prune',
    handler: 'maintenance.prune',
    rrule: 'FREQ=DAILY;BYHOUR=3;BYMINUTE=0;BYSECOND=0',
  },
];

/** Platform housekeeping: old idempotency keys and expired verification tokens. */
export function maintenanceHandlers(store: Store): Record<string, JobHandler> {
  return {
    'maintenance.prune': async () => {
      await store.db
        .delete(idempotencyKey)
        .where(lt(idempotencyKey.createdAt, new Date(Date.now() - IDEMPOTENCY_TTL_MS)));
      await store.db.delete(verification).where(lt(verification.expiresAt, new Date()));
    },
  };
}
