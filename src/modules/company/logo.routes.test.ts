import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../api/test-app.ts';
import { outboxEvent } from '../../jobs/jobs.table.ts';
import { verifyAuditChain } from '../audit/audit.service.ts';
import { createCompanyTestApp, createOtherOrg, type Role, sha256 } from './company.test-kit.ts';
import { LOGO_MAX_BYTES } from './logo.domain.ts';
import { jpegHeader, pngHeader, tinyPng, webpLossy } from './logo.fixtures.ts';

let t: TestApp;
let orgId: string;
let ownerCookie: string;
let keys: Record<Role, string>;
let as: (role: Role) => { key: string };

beforeAll(async () => {
  ({ t, orgId, ownerCookie, keys, as } = await createCompanyTestApp());
});
afterAll(() => t.close());

/** A raw (non-JSON) logo upload, as the web app's file input sends it. */
async function putLogo(
  body: Uint8Array | ReadableStream<Uint8Array> | string,
  contentType: string | undefined,
  caller: { key?: string; headers?: Record<string, string> } = as('owner'),
) {
  const headers: Record<string, string> = { origin: t.config.baseUrl, ...caller.headers };
  if (caller.key) headers.authorization = `Bearer ${caller.key}`;
  if (contentType) headers['content-type'] = contentType;
  const init = { method: 'PUT', headers, body, duplex: 'half' } as RequestInit;
  const res = await t.app.request('/api/company/logo', init);
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null, headers: res.headers };
}

async function getLogo(headers: Record<string, string> = {}) {
  const res = await t.app.request('/api/company/logo', {
    headers: { authorization: `Bearer ${keys.member}`, ...headers },
  });
  return { status: res.status, headers: res.headers, bytes: new Uint8Array(await res.arrayBuffer()) };
}

describe('company logo', () => {
  const png = tinyPng(16, 8);

  it('is absent at first: 404 with the error shape', async () => {
    const res = await t.call('GET', '/api/company/logo', undefined, as('member'));
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('COMPANY_LOGO_NOT_FOUND');
  });

  it('uploads, serves with an ETag, answers 304 when unchanged', async () => {
    const put = await putLogo(png, 'image/png');
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({
      contentType: 'image/png',
      byteSize: png.length,
      width: 16,
      height: 8,
      sha256: sha256(png),
    });

    const got = await getLogo();
    expect(got.status).toBe(200);
    expect(got.headers.get('content-type')).toBe('image/png');
    expect(got.headers.get('etag')).toBe(`"${sha256(png)}"`);
    expect(got.headers.get('cache-control')).toBe('private, no-cache');
    expect(got.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(got.bytes).equals(png)).toBe(true);

    for (const tag of [`"${sha256(png)}"`, `W/"${sha256(png)}"`, `"other", "${sha256(png)}"`, '*']) {
      const cached = await getLogo({ 'if-none-match': tag });
      expect(cached.status, tag).toBe(304);
      expect(cached.bytes.length).toBe(0);
      expect(cached.headers.get('etag')).toBe(`"${sha256(png)}"`);
    }
    expect((await getLogo({ 'if-none-match': '"stale"' })).status).toBe(200);

    const profile = await t.call('GET', '/api/company', undefined, as('member'));
    expect(profile.body.logo).toMatchObject({ contentType: 'image/png', sha256: sha256(png), width: 16 });
  });

  it('replaces it with a JPEG or WebP; the ETag follows', async () => {
    const jpeg = jpegHeader(320, 100);
    expect((await putLogo(jpeg, 'image/jpeg')).body).toMatchObject({ contentType: 'image/jpeg', width: 320 });
    const got = await getLogo({ 'if-none-match': `"${sha256(png)}"` });
    expect(got.status).toBe(200);
    expect(got.headers.get('content-type')).toBe('image/jpeg');
    expect(Buffer.from(got.bytes).equals(jpeg)).toBe(true);

    const webp = webpLossy(64, 64);
    expect((await putLogo(webp, 'image/webp')).body).toMatchObject({ contentType: 'image/webp', height: 64 });
    expect((await putLogo(png, 'image/png')).status).toBe(200);
  });

  it('refuses other types, mismatched bytes and damaged images, naming the problem', async () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>';
    const cases: [string | Uint8Array, string | undefined, number, string][] = [
      [svg, 'image/svg+xml', 415, 'LOGO_TYPE_UNSUPPORTED'],
      [svg, 'image/png', 400, 'LOGO_CONTENT_MISMATCH'],
      [png, 'image/jpeg', 400, 'LOGO_CONTENT_MISMATCH'],
      [jpegHeader(10, 10), 'image/png', 400, 'LOGO_CONTENT_MISMATCH'],
      [png, 'image/gif', 415, 'LOGO_TYPE_UNSUPPORTED'],
      [png, 'application/octet-stream', 415, 'LOGO_TYPE_UNSUPPORTED'],
      ['{"logo":"x"}', 'application/json', 415, 'LOGO_TYPE_UNSUPPORTED'],
      [png, undefined, 415, 'LOGO_TYPE_UNSUPPORTED'],
      [new Uint8Array(0), 'image/png', 400, 'LOGO_EMPTY'],
      [png.subarray(0, 16), 'image/png', 400, 'LOGO_UNREADABLE'],
      [pngHeader(8000, 100), 'image/png', 422, 'LOGO_DIMENSIONS'],
    ];
    for (const [body, type, status, code] of cases) {
      const res = await putLogo(body, type);
      expect(res.status, `${type} → ${code}`).toBe(status);
      expect(res.body.error.code, `${type} → ${code}`).toBe(code);
      expect(res.body.error.message.length).toBeGreaterThan(10);
    }
    const mismatch = await putLogo(png, 'image/jpeg');
    expect(mismatch.body.error.details).toMatchObject({ declared: 'image/jpeg', detected: 'image/png' });
    expect(mismatch.body.error.message).toBe(
      'The file was sent as image/jpeg but its content is a PNG image.',
    );
    // The stored logo is untouched.
    expect((await getLogo()).headers.get('etag')).toBe(`"${sha256(png)}"`);
  });

  it('refuses a logo over 512 KB with 413, with or without Content-Length', async () => {
    const big = Buffer.concat([png, Buffer.alloc(LOGO_MAX_BYTES + 1 - png.length)]);
    const declared = await putLogo(big, 'image/png', {
      key: keys.owner,
      headers: { 'content-length': String(big.length) },
    });
    expect(declared.status).toBe(413);
    expect(declared.body.error).toMatchObject({
      code: 'LOGO_TOO_LARGE',
      details: { maxBytes: LOGO_MAX_BYTES },
    });

    const streamed = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let at = 0; at < big.length; at += 64 * 1024)
          controller.enqueue(big.subarray(at, at + 64 * 1024));
        controller.close();
      },
    });
    const chunked = await putLogo(streamed, 'image/png');
    expect(chunked.status).toBe(413);
    expect(chunked.body.error.code).toBe('LOGO_TOO_LARGE');

    // Exactly at the limit is fine (a PNG with trailing bytes, as some editors write).
    const atLimit = Buffer.concat([png, Buffer.alloc(LOGO_MAX_BYTES - png.length)]);
    const ok = await putLogo(atLimit, 'image/png');
    expect(ok.status).toBe(200);
    expect(ok.body.byteSize).toBe(LOGO_MAX_BYTES);
    expect((await putLogo(png, 'image/png')).status).toBe(200);
  });

  it('refuses a cookie-authenticated upload from another origin', async () => {
    const res = await putLogo(jpegHeader(5, 5), 'image/jpeg', {
      headers: { cookie: ownerCookie, origin: 'https://evil.example' },
    });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('CSRF_ORIGIN_MISMATCH');
  });

  it('lets only owners and admins change it', async () => {
    for (const role of ['accountant', 'member'] as const) {
      expect((await putLogo(jpegHeader(5, 5), 'image/jpeg', as(role))).status, role).toBe(403);
      expect((await t.call('DELETE', '/api/company/logo', undefined, as(role))).status, role).toBe(403);
    }
    expect((await putLogo(png, 'image/png', {})).status).toBe(401);
    expect((await t.app.request('/api/company/logo')).status).toBe(401);
    expect((await getLogo()).headers.get('etag')).toBe(`"${sha256(png)}"`);
  });

  it('removes it', async () => {
    const removed = await t.call('DELETE', '/api/company/logo', undefined, as('admin'));
    expect(removed.status).toBe(204);
    const gone = await t.call('GET', '/api/company/logo', undefined, as('member'));
    expect(gone.status).toBe(404);
    expect(gone.body.error.code).toBe('COMPANY_LOGO_NOT_FOUND');
    expect((await t.call('GET', '/api/company', undefined, as('member'))).body.logo).toBeNull();
    expect((await t.call('DELETE', '/api/company/logo', undefined, as('admin'))).status).toBe(404);
  });
});

describe('audit, events and isolation', () => {
  it('writes one audit row per change, never the image bytes, and the chain verifies', async () => {
    const rows = (await t.call('GET', '/api/audit?entity=company_logo', undefined, as('owner'))).body.items;
    // set png; jpeg, webp, png, at-limit png, png; remove. Refused uploads leave no row.
    expect(rows.map((r: { action: string }) => r.action)).toEqual([
      'remove',
      'replace',
      'replace',
      'replace',
      'replace',
      'replace',
      'set',
    ]);
    for (const row of rows)
      for (const side of [row.before, row.after].filter(Boolean))
        expect(Object.keys(side).sort()).toEqual([
          'byteSize',
          'contentType',
          'height',
          'sha256',
          'updatedAt',
          'width',
        ]);
    expect(rows.at(-1).after).toMatchObject({ contentType: 'image/png', sha256: sha256(tinyPng(16, 8)) });
    expect(await verifyAuditChain(t.store.db, orgId)).toMatchObject({ ok: true });
  });

  it('does not audit an upload of the same image', async () => {
    expect((await putLogo(tinyPng(16, 8), 'image/png')).status).toBe(200);
    expect((await putLogo(tinyPng(16, 8), 'image/png')).status).toBe(200);
    const rows = (await t.call('GET', '/api/audit?entity=company_logo', undefined, as('owner'))).body.items;
    expect(rows.map((r: { action: string }) => r.action).slice(0, 2)).toEqual(['set', 'remove']);
  });

  it('emits company.logo_changed', async () => {
    const events = await t.store.db
      .select()
      .from(outboxEvent)
      .where(eq(outboxEvent.orgId, orgId))
      .orderBy(outboxEvent.id);
    const changed = events.filter((e) => e.type === 'company.logo_changed');
    expect(changed).toHaveLength(8);
    expect(changed[0]!.payload).toMatchObject({
      orgId,
      contentType: 'image/png',
      sha256: sha256(tinyPng(16, 8)),
    });
    expect(changed[6]!.payload).toMatchObject({ sha256: null });
  });

  it("another organization cannot see, replace or remove this organization's logo", async () => {
    const bravo = await createOtherOrg(t);
    expect((await t.call('GET', '/api/company/logo', undefined, { key: bravo.key })).status).toBe(404);
    expect((await t.call('DELETE', '/api/company/logo', undefined, { key: bravo.key })).status).toBe(404);
    expect((await t.call('GET', '/api/company', undefined, { key: bravo.key })).body.logo).toBeNull();
    expect((await putLogo(jpegHeader(9, 9), 'image/jpeg', { key: bravo.key })).status).toBe(200);
    const ours = await getLogo();
    expect(ours.headers.get('content-type')).toBe('image/png');
    expect(ours.headers.get('etag')).toBe(`"${sha256(tinyPng(16, 8))}"`);
  });
});
