import { getTableConfig, type PgTable } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../core/ids.ts';
import { queryRows, type Store, sql } from './client.ts';
import { pgError } from './errors.ts';
import * as schema from './schema.ts';
import { APP_ROLE, PLATFORM_TABLES, readInOrg, withOrg } from './tenancy.ts';
import { createTestStore } from './test-db.ts';

const tables = (Object.values(schema) as unknown[]).filter(
  (value): value is PgTable =>
    typeof value === 'object' && value !== null && Symbol.for('drizzle:IsDrizzleTable') in value,
);
const platform = new Set<string>(PLATFORM_TABLES);
const tenantTables = tables.map((t) => getTableConfig(t)).filter((t) => !platform.has(t.name));

describe('tenant key rule (keeps the schema shardable by organization)', () => {
  it('finds the tables', () => {
    expect(tenantTables.map((t) => t.name)).toEqual(
      expect.arrayContaining(['member', 'api_key', 'audit_log']),
    );
  });

  for (const table of tenantTables) {
    it(`${table.name}: org_id leads the primary key and every foreign key to a tenant table`, () => {
      const pk =
        table.primaryKeys[0]?.columns.map((c) => c.name) ??
        table.columns.filter((c) => c.primary).map((c) => c.name);
      expect(pk[0], `${table.name} primary key`).toBe('org_id');
      for (const fk of table.foreignKeys) {
        const ref = fk.reference();
        const target = getTableConfig(ref.foreignTable).name;
        if (platform.has(target) && target !== 'organization') continue;
        const local = ref.columns.map((c) => c.name);
        expect(local[0], `${table.name} → ${target}`).toBe('org_id');
        if (target !== 'organization')
          expect(ref.foreignColumns[0]?.name, `${table.name} → ${target}`).toBe('org_id');
      }
    });
  }
});

describe('row-level security', () => {
  let store: Store;
  const orgA = newId('org');
  const orgB = newId('org');

  beforeAll(async () => {
    store = await createTestStore();
    await store.db.insert(schema.organization).values([
      { id: orgA, name: 'A', slug: `a-${orgA}` },
      { id: orgB, name: 'B', slug: `b-${orgB}` },
    ]);
    const key = (orgId: string, name: string) => ({
      orgId,
      id: newId('key'),
      name,
      role: 'member',
      prefix: 'x',
      keyHash: newId('h'),
    });
    await store.db.insert(schema.apiKey).values([key(orgA, 'a1'), key(orgA, 'a2'), key(orgB, 'b1')]);
  });
  afterAll(() => store.close());

  it('is forced on every tenant table', async () => {
    const rows = await queryRows<{ relname: string; forced: boolean; enabled: boolean }>(
      store.db,
      sql`select relname, relforcerowsecurity as forced, relrowsecurity as enabled from pg_class
          where relkind = 'r' and relnamespace = 'public'::regnamespace`,
    );
    for (const t of tenantTables) {
      const row = rows.find((r) => r.relname === t.name);
      expect(row, t.name).toMatchObject({ forced: true, enabled: true });
    }
  });

  it('a query that forgets its org filter sees only its own organization', async () => {
    const seen = await withOrg(store.db, orgA, (tx) => tx.select().from(schema.apiKey));
    expect(seen.map((k) => k.name).sort()).toEqual(['a1', 'a2']);
    const orgs = await withOrg(store.db, orgB, (tx) => tx.select().from(schema.organization));
    expect(orgs.map((o) => o.id)).toEqual([orgB]);
  });

  it('cannot write rows into another organization', async () => {
    await expect(
      withOrg(store.db, orgA, (tx) =>
        tx.insert(schema.apiKey).values({
          orgId: orgB,
          id: newId('key'),
          name: 'sneaky',
          role: 'owner',
          prefix: 'x',
          keyHash: newId('h'),
        }),
      ),
    ).rejects.toSatisfy((e) => /row-level security/.test(pgError(e)?.message ?? ''));
  });

  it('with no organization set, sees no rows', async () => {
    const rows = await store.db.transaction(async (tx) => {
      await tx.execute(sql.raw(`set local role ${APP_ROLE}`));
      return tx.select().from(schema.apiKey);
    });
    expect(rows).toEqual([]);
  });

  it('read work sees only its own organization, statement after statement', async () => {
    const [keys, orgs, count] = await readInOrg(store.db, orgA, async (tx) => [
      await tx.select().from(schema.apiKey),
      await tx.select().from(schema.organization),
      await queryRows<{ n: number }>(tx, sql`select count(*)::int as n from api_key`),
    ]);
    expect(keys.map((k) => k.name).sort()).toEqual(['a1', 'a2']);
    expect(orgs.map((o) => o.id)).toEqual([orgA]);
    expect(count).toEqual([{ n: 2 }]);
    // Concurrent reads for different organizations on a shared pool never see each other's rows.
    const views = await Promise.all(
      Array.from({ length: 20 }, (_, i) => {
        const org = i % 2 ? orgB : orgA;
        return readInOrg(store.db, org, (tx) => tx.select().from(schema.apiKey)).then((rows) => ({
          org,
          owners: new Set(rows.map((r) => r.orgId)),
        }));
      }),
    );
    for (const view of views) expect([...view.owners]).toEqual([view.org]);
  });

  it('read work refuses writes and leaves no settings behind', async () => {
    await expect(
      readInOrg(store.db, orgA, (tx) => tx.update(schema.apiKey).set({ name: 'renamed' }).where(sql`true`)),
    ).rejects.toSatisfy((e) => /read-only transaction/.test(pgError(e)?.message ?? ''));
    const names = await withOrg(store.db, orgA, (tx) => tx.select().from(schema.apiKey));
    expect(names.map((k) => k.name).sort()).toEqual(['a1', 'a2']);
    // Every pooled connection is back to the owner role with no organization.
    const after = await Promise.all(
      Array.from({ length: 8 }, () =>
        queryRows<{ org: string | null; role: string }>(
          store.db,
          sql`select nullif(current_setting('app.org_id', true), '') as org, current_user as role`,
        ),
      ),
    );
    for (const [row] of after) {
      expect(row?.org ?? null).toBeNull();
      expect(row?.role).not.toBe(APP_ROLE);
    }
  });
});
