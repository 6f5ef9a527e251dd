import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './test-app.ts';

let t: TestApp;
let key: string;

beforeAll(async () => {
  t = await createTestApp();
  const cookie = await t.signUp('idem@example.test');
  await t.call('POST', '/api/orgs', { name: 'Idem', slug: 'idem' }, { cookie });
  key = (await t.call('POST', '/api/api-keys', { name: 'client', role: 'owner' }, { cookie })).body.key;
});
afterAll(() => t.close());

const keyCount = async () =>
  (await t.call('GET', '/api/api-keys', undefined, { key })).body.items.length as number;

it('replays the first response for the same key and body, and does the work once', async () => {
  const before = await keyCount();
  const headers = { 'idempotency-key': 'retry-1' };
  const first = await t.call('POST', '/api/api-keys', { name: 'once', role: 'member' }, { key, headers });
  const second = await t.call('POST', '/api/api-keys', { name: 'once', role: 'member' }, { key, headers });
  expect(first.status).toBe(201);
  expect(second.status).toBe(201);
  expect(second.body).toEqual(first.body);
  expect(second.headers.get('idempotent-replayed')).toBe('true');
  expect(await keyCount()).toBe(before + 1);
});

it('refuses the same key with a different body (422)', async () => {
  const headers = { 'idempotency-key': 'retry-2' };
  await t.call('POST', '/api/api-keys', { name: 'a', role: 'member' }, { key, headers });
  const other = await t.call('POST', '/api/api-keys', { name: 'b', role: 'member' }, { key, headers });
  expect(other.status).toBe(422);
  expect(other.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
});

it('executes concurrent duplicates once', async () => {
  const before = await keyCount();
  const headers = { 'idempotency-key': 'burst' };
  const results = await Promise.all(
    Array.from({ length: 6 }, () =>
      t.call('POST', '/api/api-keys', { name: 'burst', role: 'member' }, { key, headers }),
    ),
  );
  expect(results.map((r) => r.status)).toEqual(Array(6).fill(201));
  expect(new Set(results.map((r) => r.body.apiKey.id)).size).toBe(1);
  expect(await keyCount()).toBe(before + 1);
});

it('keys are per organization: another organization may use the same key string', async () => {
  const cookie = await t.signUp('other@example.test');
  await t.call('POST', '/api/orgs', { name: 'Other', slug: 'other-idem' }, { cookie });
  const otherKey = (await t.call('POST', '/api/api-keys', { name: 'c', role: 'owner' }, { cookie })).body.key;
  const res = await t.call(
    'POST',
    '/api/api-keys',
    { name: 'once', role: 'member' },
    { key: otherKey, headers: { 'idempotency-key': 'retry-1' } },
  );
  expect(res.status).toBe(201);
  expect(res.headers.get('idempotent-replayed')).toBeNull();
});
