import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../core/ids.ts';
import type { Store } from './client.ts';
import { preparedRead } from './prepared-read.ts';
import * as schema from './schema.ts';
import { readInOrg } from './tenancy.ts';
import { createTestStore } from './test-db.ts';

describe('preparedRead', () => {
  let store: Store;
  const orgA = newId('org');
  const orgB = newId('org');
  const keyName = preparedRead((q) =>
    q
      .select({ name: schema.apiKey.name, createdAt: schema.apiKey.createdAt })
      .from(schema.apiKey)
      .where(eq(schema.apiKey.name, sql.placeholder('name'))),
  );
  const organizations = preparedRead((q) => q.select().from(schema.organization));

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

  it('gives what the builder gives, call after call, with each call’s own values and organization', async () => {
    for (const [org, name, found] of [
      [orgA, 'a1', true],
      [orgA, 'b1', false],
      [orgB, 'b1', true],
      [orgA, 'a2', true],
    ] as const) {
      const rows = await readInOrg(store.db, org, (tx) => keyName(tx, { name }));
      expect(rows.map((r) => r.name)).toEqual(found ? [name] : []);
      if (found) expect(rows[0]?.createdAt).toBeInstanceOf(Date);
    }
    for (const org of [orgA, orgB]) {
      const viaBuilder = await readInOrg(store.db, org, (tx) => tx.select().from(schema.organization));
      expect(await readInOrg(store.db, org, (tx) => organizations(tx))).toEqual(viaBuilder);
    }
  });
});
