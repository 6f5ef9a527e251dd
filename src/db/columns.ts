import { bigint, customType, date, text, timestamp } from 'drizzle-orm/pg-core';
import { organization } from '../modules/identity/identity.table.ts';

// Column builders every module's tables share. (identity.table.ts keeps its own `now`: it is
// imported from here, and an import back would be a cycle at module evaluation.)

/** `org_id`, first in every tenant table's key: the organization, deleted with it. */
export const orgRef = () =>
  text('org_id')
    .notNull()
    .references(() => organization.id, { onDelete: 'cascade' });

/** An instant, set when the row is written. */
export const now = (name: string) => timestamp(name, { withTimezone: true }).notNull().defaultNow();

/** Money in minor units (never a float). */
export const minor = (name: string) => bigint(name, { mode: 'bigint' });

/** A business date, `YYYY-MM-DD`, without a time zone. */
export const businessDate = (name: string) => date(name, { mode: 'string' });

/** `bytea` as a plain Uint8Array (a copy) on both drivers: node-postgres gives a Buffer, PGlite a view. */
export const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => 'bytea',
  toDriver: (value) => value,
  fromDriver: (value) => new Uint8Array(value),
});
