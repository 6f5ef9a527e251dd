import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../api/test-app.ts';
import { outboxEvent } from '../../jobs/jobs.table.ts';
import { verifyAuditChain } from '../audit/audit.service.ts';
import { totp } from './totp.test-kit.ts';

let t: TestApp;
let owner: string;
let orgId: string;

beforeAll(async () => {
  t = await createTestApp({ signInPerMinute: 6 });
  owner = await t.signUp('owner@acme.test', 'Olive Owner');
  const created = await t.call('POST', '/api/orgs', { name: 'Acme', slug: 'acme' }, { cookie: owner });
  expect(created.status).toBe(201);
  orgId = created.body.id;
});
afterAll(() => t.close());

async function invitationToken(invitationId: string): Promise<string> {
  const events = await t.store.db
    .select()
    .from(outboxEvent)
    .where(eq(outboxEvent.type, 'invitation.created'));
  const event = events.find((e) => (e.payload as { invitationId: string }).invitationId === invitationId);
  return (event!.payload as { token: string }).token;
}

describe('organizations and members', () => {
  it('makes the creator the owner, with every permission', async () => {
    const me = await t.call('GET', '/api/me', undefined, { cookie: owner });
    expect(me.body.actor).toMatchObject({ orgId, role: 'owner', kind: 'user' });
    expect(me.body.permissions).toContain('member:invite');
    expect(me.body.memberships).toEqual([{ orgId, slug: 'acme', name: 'Acme', role: 'owner' }]);
  });

  it('refuses a taken or malformed slug with the field named', async () => {
    const taken = await t.call('POST', '/api/orgs', { name: 'Other', slug: 'acme' }, { cookie: owner });
    expect(taken.status).toBe(409);
    expect(taken.body.error).toMatchObject({ code: 'ORG_SLUG_TAKEN', details: { field: 'slug' } });
    const bad = await t.call('POST', '/api/orgs', { name: 'Other', slug: 'Not A Slug' }, { cookie: owner });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.field).toBe('slug');
  });

  it('invite → accept as a second user → change role → the member sees only what the role allows', async () => {
    const invited = await t.call(
      'POST',
      '/api/invitations',
      { email: 'Mia@Acme.test', role: 'accountant' },
      { cookie: owner },
    );
    expect(invited.status).toBe(201);
    expect(invited.body).toMatchObject({ email: 'mia@acme.test', role: 'accountant', status: 'pending' });
    const token = await invitationToken(invited.body.id);

    const mia = await t.signUp('mia@acme.test', 'Mia Member');
    const noOrg = await t.call('GET', '/api/org', undefined, { cookie: mia });
    expect(noOrg.status).toBe(403);
    expect(noOrg.body.error.code).toBe('NO_ORGANIZATION');

    const wrongToken = await t.call(
      'POST',
      `/api/invitations/${invited.body.id}/accept`,
      { token: 'nope' },
      { cookie: mia },
    );
    expect(wrongToken.status).toBe(404);
    const accepted = await t.call(
      'POST',
      `/api/invitations/${invited.body.id}/accept`,
      { token },
      { cookie: mia },
    );
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ orgId, role: 'accountant' });
    const again = await t.call(
      'POST',
      `/api/invitations/${invited.body.id}/accept`,
      { token },
      { cookie: mia },
    );
    expect(again.status).toBe(422);

    expect((await t.call('GET', '/api/audit', undefined, { cookie: mia })).status).toBe(200);

    const members = await t.call('GET', '/api/members', undefined, { cookie: owner });
    const miaMember = members.body.items.find((m: { email: string }) => m.email === 'mia@acme.test');
    const changed = await t.call(
      'PATCH',
      `/api/members/${miaMember.id}`,
      { role: 'member' },
      { cookie: owner },
    );
    expect(changed.status).toBe(200);
    expect(changed.body.role).toBe('member');

    const audit = await t.call('GET', '/api/audit', undefined, { cookie: mia });
    expect(audit.status).toBe(403);
    expect(audit.body.error).toMatchObject({ code: 'FORBIDDEN', details: { permission: 'audit:read' } });
    expect(
      (await t.call('POST', '/api/invitations', { email: 'x@y.test', role: 'member' }, { cookie: mia }))
        .status,
    ).toBe(403);
    expect((await t.call('GET', '/api/members', undefined, { cookie: mia })).status).toBe(200);
    const promote = await t.call('PATCH', `/api/members/${miaMember.id}`, { role: 'owner' }, { cookie: mia });
    expect(promote.status).toBe(403);
  });

  it('keeps at least one owner', async () => {
    const members = await t.call('GET', '/api/members', undefined, { cookie: owner });
    const self = members.body.items.find((m: { email: string }) => m.email === 'owner@acme.test');
    const demote = await t.call('PATCH', `/api/members/${self.id}`, { role: 'admin' }, { cookie: owner });
    expect(demote.status).toBe(409);
    expect(demote.body.error.code).toBe('LAST_OWNER');
  });

  it('writes an audit row per mutation, and the chain verifies', async () => {
    const audit = await t.call('GET', '/api/audit?entity=member', undefined, { cookie: owner });
    expect(audit.body.items.map((r: { action: string }) => r.action)).toEqual(['change_role', 'add']);
    const result = await verifyAuditChain(t.store.db, orgId);
    expect(result).toMatchObject({ ok: true });
    const verified = await t.call('GET', '/api/audit/verify', undefined, { cookie: owner });
    expect(verified.body).toMatchObject({ ok: true, rows: result.rows });
  });

  it('pages the audit log with a cursor', async () => {
    const first = await t.call('GET', '/api/audit?limit=2', undefined, { cookie: owner });
    expect(first.body.items).toHaveLength(2);
    const second = await t.call('GET', `/api/audit?limit=2&cursor=${first.body.nextCursor}`, undefined, {
      cookie: owner,
    });
    expect(second.body.items[0].seq).toBeLessThan(first.body.items[1].seq);
    expect((await t.call('GET', '/api/audit?cursor=garbage', undefined, { cookie: owner })).status).toBe(400);
  });
});

describe('API keys', () => {
  it('create → use as Bearer → role limits apply → revoke → refused', async () => {
    const created = await t.call(
      'POST',
      '/api/api-keys',
      { name: 'Zapier', role: 'member' },
      { cookie: owner },
    );
    expect(created.status).toBe(201);
    const key: string = created.body.key;
    expect(key).toMatch(/^ordo_/);
    const listed = await t.call('GET', '/api/api-keys', undefined, { cookie: owner });
    expect(JSON.stringify(listed.body)).not.toContain(key);

    const org = await t.call('GET', '/api/org', undefined, { key });
    expect(org.body).toMatchObject({ id: orgId, slug: 'acme' });
    expect((await t.call('POST', '/api/api-keys', { name: 'x', role: 'member' }, { key })).status).toBe(403);
    const after = await t.call('GET', '/api/api-keys', undefined, { cookie: owner });
    expect(
      after.body.items.find((k: { id: string }) => k.id === created.body.apiKey.id).lastUsedAt,
    ).not.toBeNull();

    expect(
      (await t.call('DELETE', `/api/api-keys/${created.body.apiKey.id}`, undefined, { cookie: owner }))
        .status,
    ).toBe(200);
    const refused = await t.call('GET', '/api/org', undefined, { key });
    expect(refused.status).toBe(401);
    expect(refused.body.error.code).toBe('INVALID_API_KEY');
  });

  it('an admin cannot mint an owner key', async () => {
    const admin = await t.call('POST', '/api/api-keys', { name: 'ops', role: 'admin' }, { cookie: owner });
    const res = await t.call(
      'POST',
      '/api/api-keys',
      { name: 'root', role: 'owner' },
      { key: admin.body.key },
    );
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('ROLE_NOT_ASSIGNABLE');
  });
});

describe('sessions and security', () => {
  it('refuses a cookie-authenticated mutation from another origin (CSRF)', async () => {
    const res = await t.call(
      'PATCH',
      '/api/org',
      { name: 'Evil' },
      { cookie: owner, headers: { origin: 'https://evil.example' } },
    );
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('CSRF_ORIGIN_MISMATCH');
    const org = await t.call('GET', '/api/org', undefined, { cookie: owner });
    expect(org.body.name).toBe('Acme');
  });

  it('signs out: the session stops working', async () => {
    const { cookie } = await t.signIn('owner@acme.test');
    expect((await t.call('GET', '/api/org', undefined, { cookie })).status).toBe(200);
    const out = await t.app.request('/api/auth/sign-out', {
      method: 'POST',
      headers: { cookie: cookie!, origin: t.config.baseUrl },
    });
    expect(out.status).toBe(200);
    expect((await t.call('GET', '/api/org', undefined, { cookie })).status).toBe(401);
  });

  it('resets a password through the emailed link', async () => {
    await t.signUp('forgetful@acme.test');
    const asked = await t.app.request('/api/auth/request-password-reset', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: t.config.baseUrl },
      body: JSON.stringify({ email: 'forgetful@acme.test', redirectTo: '/reset' }),
    });
    expect(asked.status).toBe(200);
    const link = t.resetLinks.find((l) => l.to === 'forgetful@acme.test');
    expect(link).toBeDefined();
    const token = new URL(link!.url).pathname.split('/').pop()!;
    const reset = await t.app.request('/api/auth/reset-password', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: t.config.baseUrl },
      body: JSON.stringify({ token, newPassword: 'a-brand-new-password' }),
    });
    expect(reset.status).toBe(200);
    expect((await t.signIn('forgetful@acme.test', 'a-brand-new-password')).status).toBe(200);
  });

  it('enables TOTP two-factor and then asks for the code at sign-in', async () => {
    const cookie = await t.signUp('careful@acme.test');
    const enabled = await t.app.request('/api/auth/two-factor/enable', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: t.config.baseUrl, cookie },
      body: JSON.stringify({ password: 'correct-horse-battery' }),
    });
    expect(enabled.status).toBe(200);
    const { totpURI } = (await enabled.json()) as { totpURI: string };
    const secret = new URL(totpURI).searchParams.get('secret')!;
    const confirm = await t.app.request('/api/auth/two-factor/verify-totp', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: t.config.baseUrl, cookie },
      body: JSON.stringify({ code: totp(secret) }),
    });
    expect(confirm.status).toBe(200);

    const first = await t.signIn('careful@acme.test');
    expect(first.body).toMatchObject({ twoFactorRedirect: true });
  });

  it('throttles repeated sign-in attempts', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++)
      statuses.push((await t.signIn('owner@acme.test', 'wrong-password-guess')).status);
    expect(statuses).toContain(401);
    expect(statuses.at(-1)).toBe(429);
    // Once throttled, even the right password waits.
    expect((await t.signIn('owner@acme.test')).status).toBe(429);
  });
});

/** RFC 6238 TOTP (SHA-1, 30 s, 6 digits), written here as an independent check of better-auth's. */
