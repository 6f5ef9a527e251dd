import { sql } from 'drizzle-orm';
import pg from 'pg';
import { sha256Hex } from '../core/hash.ts';
import { type Db, type Queryable, queryOne, type Store, type Tx } from './client.ts';
import { pgOrgRead } from './pg-org-read.ts';
import { pgOrgTransaction } from './pg-org-transaction.ts';

/** The role every tenant query runs as. It owns nothing, so forced row-level security binds it. */
export const APP_ROLE = 'ordo_app';

/**
 * Platform tables hold rows that belong to no single organization (people may be in several
 * organizations; the scheduler serves all of them). Every other table with an `org_id` column is a
 * tenant table: `org_id` leads its primary key and every foreign key to another tenant table, and
 * row-level security restricts it to the organization set for the transaction.
 */
export const PLATFORM_TABLES = [
  'user',
  'session',
  'account',
  'verification',
  'two_factor',
  'rate_limit',
  'organization',
  'job_schedule',
  'job_run',
] as const;

/** Platform tables the app role may read (member lists show names and emails). */
const APP_READABLE_PLATFORM_TABLES = ['user'];

/**
 * Idempotent: creates the app role, grants it the tenant tables and (re)creates the isolation
 * policies on every tenant table. Runs after every migration, so a table added later is covered
 * without anyone remembering to.
 */
export async function applyTenancy(store: Store): Promise<void> {
  await store.execScript(`${TENANCY_SCRIPT}
-- Remembered so that a start with nothing to change can skip all of the above (see tenancyIsCurrent).
DO $$
BEGIN
  EXECUTE format('COMMENT ON SCHEMA public IS %L', '${TENANCY_MARK} ' || current_user);
EXCEPTION WHEN insufficient_privilege THEN NULL; -- not the schema owner: tenancy is simply re-applied each start
END $$;
`);
}

/** True when the tenancy rules in this code base were applied by the current database user. */
export async function tenancyIsCurrent(store: Store): Promise<boolean> {
  const row = await queryOne<{ mark: string | null; me: string }>(
    store.db,
    sql`select obj_description('public'::regnamespace, 'pg_namespace') as mark, current_user as me`,
  );
  return row?.mark === `${TENANCY_MARK} ${row?.me}`;
}

const PLATFORM_LIST = PLATFORM_TABLES.map((t) => `'${t}'`).join(',');

const TENANCY_SCRIPT = `
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${APP_ROLE}') THEN
    BEGIN
      CREATE ROLE ${APP_ROLE} NOLOGIN;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; -- created concurrently
    END;
  END IF;
END $$;
GRANT ${APP_ROLE} TO CURRENT_USER;
GRANT USAGE ON SCHEMA public TO ${APP_ROLE};
DO $$
DECLARE t text;
BEGIN
  FOR t IN
    SELECT c.table_name FROM information_schema.columns c
    JOIN information_schema.tables tb ON tb.table_schema = c.table_schema AND tb.table_name = c.table_name
    WHERE c.table_schema = 'public' AND c.column_name = 'org_id' AND tb.table_type = 'BASE TABLE'
      AND c.table_name NOT IN (${PLATFORM_LIST})
  LOOP
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO ${APP_ROLE}', t);
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('DROP POLICY IF EXISTS tenant_isolation ON %I', t);
    EXECUTE format('CREATE POLICY tenant_isolation ON %I TO ${APP_ROLE} USING (org_id = current_setting(''app.org_id'', true)) WITH CHECK (org_id = current_setting(''app.org_id'', true))', t);
    -- Platform code (migrations, better-auth, scheduler, backup) connects as the owner and sees all.
    EXECUTE format('DROP POLICY IF EXISTS platform_access ON %I', t);
    EXECUTE format('CREATE POLICY platform_access ON %I TO CURRENT_USER USING (true) WITH CHECK (true)', t);
  END LOOP;
END $$;
-- The audit log is append-only for the app: history is never rewritten, only added to.
REVOKE UPDATE, DELETE ON audit_log FROM ${APP_ROLE};
GRANT SELECT, INSERT, UPDATE ON organization TO ${APP_ROLE};
ALTER TABLE organization ENABLE ROW LEVEL SECURITY;
ALTER TABLE organization FORCE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS tenant_isolation ON organization;
CREATE POLICY tenant_isolation ON organization TO ${APP_ROLE} USING (id = current_setting('app.org_id', true));
DROP POLICY IF EXISTS platform_access ON organization;
CREATE POLICY platform_access ON organization TO CURRENT_USER USING (true) WITH CHECK (true);
${APP_READABLE_PLATFORM_TABLES.map((t) => `GRANT SELECT ON "${t}" TO ${APP_ROLE};`).join('\n')}
`;

const TENANCY_MARK = `ordo-tenancy:${sha256Hex(TENANCY_SCRIPT).slice(0, 16)}`;

/**
 * Runs `work` in one transaction as the app role with the organization set, so row-level security
 * limits every query to that organization even if the query forgets its own filter.
 */
export function withOrg<T>(db: Db, orgId: string, work: (tx: Tx) => Promise<T>): Promise<T> {
  const client = (db as unknown as { $client: unknown }).$client;
  if (client instanceof pg.Pool) return pgOrgTransaction(db, client, orgId, APP_ROLE, work);
  return db.transaction(async (tx) => {
    await enterOrg(tx, orgId);
    return work(tx);
  });
}

/**
 * Read-only work in one organization. On PostgreSQL each statement travels with the tenant settings
 * in one round trip (the hot path of GET requests); on PGlite it is a read-only `withOrg`. Writes
 * inside fail on both stores.
 */
export function readInOrg<T>(db: Db, orgId: string, work: (tx: Tx) => Promise<T>): Promise<T> {
  const client = (db as unknown as { $client: unknown }).$client;
  if (client instanceof pg.Pool) return pgOrgRead(db, client, orgId, APP_ROLE, work);
  return db.transaction(async (tx) => {
    await tx.execute(sql`set transaction read only`);
    await enterOrg(tx, orgId);
    return work(tx);
  });
}

/** Switches an open transaction to the app role and the given organization. */
export async function enterOrg(q: Queryable, orgId: string): Promise<void> {
  await q.execute(
    sql`select set_config('app.org_id', ${orgId}, true), set_config('role', ${APP_ROLE}, true)`,
  );
}
