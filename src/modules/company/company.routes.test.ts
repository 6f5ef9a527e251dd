import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../api/test-app.ts';
import { systemActor } from '../../core/actor.ts';
import { AppError } from '../../core/errors.ts';
import { readInOrg, withOrg } from '../../db/tenancy.ts';
import { outboxEvent } from '../../jobs/jobs.table.ts';
import { verifyAuditChain } from '../audit/audit.service.ts';
import { createCompanyTestApp, createOtherOrg, PROFILE, type Role } from './company.test-kit.ts';
import { companyProfileOf, requireBaseCurrency, updateCompanyProfile } from './index.ts';

let t: TestApp;
let orgId: string;
let ownerCookie: string;
let as: (role: Role) => { key: string };

beforeAll(async () => {
  ({ t, orgId, ownerCookie, as } = await createCompanyTestApp());
});
afterAll(() => t.close());

describe('company profile', () => {
  it('reads defaults before the profile is first saved', async () => {
    const res = await t.call('GET', '/api/company', undefined, as('member'));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      legalName: 'Acme Ltd',
      tradingName: null,
      address: { line1: null, line2: null, city: null, region: null, postalCode: null, country: null },
      country: null,
      baseCurrency: null,
      fiscalYearStart: '01-01',
      taxIds: [],
      email: null,
      phone: null,
      website: null,
      logo: null,
      updatedAt: null,
    });
    await expect(readInOrg(t.store.db, orgId, (tx) => requireBaseCurrency(tx, orgId))).rejects.toMatchObject({
      code: 'COMPANY_CURRENCY_NOT_SET',
    });
  });

  it('saves and reads back the profile, normalized', async () => {
    const saved = await t.call('PUT', '/api/company', PROFILE, as('admin'));
    expect(saved.status).toBe(200);
    const expected = {
      legalName: 'Acme Widgets Limited',
      tradingName: 'Acme',
      address: {
        line1: '1 High Street',
        line2: null,
        city: 'Bristol',
        region: null,
        postalCode: 'BS1 4DJ',
        country: 'GB',
      },
      country: 'GB',
      baseCurrency: 'GBP',
      fiscalYearStart: '04-06',
      taxIds: [
        { scheme: 'VAT', value: 'GB123456789' },
        { scheme: 'CRN', value: '01234567' },
      ],
      email: 'accounts@acme.example',
      phone: '+44 117 496 0000',
      website: 'https://acme.example',
      logo: null,
    };
    expect(saved.body).toMatchObject(expected);
    expect(Date.parse(saved.body.updatedAt)).toBeGreaterThan(Date.now() - 60_000);
    const read = await t.call('GET', '/api/company', undefined, as('accountant'));
    expect(read.body).toEqual(saved.body);

    // What the ledger will read, inside its own transaction.
    const profile = await readInOrg(t.store.db, orgId, (tx) => companyProfileOf(tx, orgId));
    expect(profile).toMatchObject({ baseCurrency: 'GBP', fiscalYearStart: '04-06', country: 'GB' });
    expect(await withOrg(t.store.db, orgId, (tx) => requireBaseCurrency(tx, orgId))).toBe('GBP');
  });

  it('replaces the whole profile: optional fields left out are cleared', async () => {
    const {
      tradingName: _t,
      address: _a,
      taxIds: _x,
      email: _e,
      phone: _p,
      website: _w,
      ...required
    } = PROFILE;
    const res = await t.call(
      'PUT',
      '/api/company',
      { ...required, legalName: 'Acme Widgets Ltd' },
      as('owner'),
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      legalName: 'Acme Widgets Ltd',
      tradingName: null,
      address: { line1: null, city: null, country: null },
      taxIds: [],
      email: null,
      phone: null,
      website: null,
    });
    expect((await t.call('PUT', '/api/company', PROFILE, as('owner'))).status).toBe(200);
  });

  it.each([
    [{ legalName: '' }, 'json.legalName'],
    [{ legalName: 'x'.repeat(201) }, 'json.legalName'],
    [{ country: 'XX' }, 'json.country'],
    [{ country: 'GBR' }, 'json.country'],
    [{ country: null }, 'json.country'],
    [{ baseCurrency: 'ABC' }, 'json.baseCurrency'],
    [{ baseCurrency: 12 }, 'json.baseCurrency'],
    [{ fiscalYearStart: '02-29' }, 'json.fiscalYearStart'],
    [{ fiscalYearStart: '13-01' }, 'json.fiscalYearStart'],
    [{ fiscalYearStart: '4-6' }, 'json.fiscalYearStart'],
    [{ address: { country: 'Narnia' } }, 'json.address.country'],
    [{ address: 'somewhere' }, 'json.address'],
    [{ taxIds: [{ scheme: 'VAT', value: '   ' }] }, 'json.taxIds.0.value'],
    [{ taxIds: [{ scheme: 'VAT', value: 'x'.repeat(65) }] }, 'json.taxIds.0.value'],
    [{ taxIds: [{ scheme: 'FOO', value: '1' }] }, 'json.taxIds.0.scheme'],
    [
      { taxIds: Array.from({ length: 11 }, (_, i) => ({ scheme: 'OTHER', value: `id-${i}` })) },
      'json.taxIds',
    ],
    [
      {
        taxIds: [
          { scheme: 'VAT', value: 'GB1' },
          { scheme: 'VAT', value: 'gb1' },
        ],
      },
      'json.taxIds.1.value',
    ],
    [{ email: 'not-an-email' }, 'json.email'],
    [{ phone: 'call reception' }, 'json.phone'],
    [{ website: 'javascript:alert(1)' }, 'json.website'],
    [{ website: 'ftp://acme.example' }, 'json.website'],
  ])('refuses %j naming the field', async (change, field) => {
    const res = await t.call('PUT', '/api/company', { ...PROFILE, ...change }, as('owner'));
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'VALIDATION_FAILED', details: { field } });
    expect(res.body.error.message).toContain(field);
  });

  it('refuses missing required fields, and leaves the profile as it was', async () => {
    const before = (await t.call('GET', '/api/company', undefined, as('owner'))).body;
    const { country: _c, ...withoutCountry } = PROFILE;
    const res = await t.call('PUT', '/api/company', withoutCountry, as('owner'));
    expect(res.status).toBe(400);
    expect(res.body.error.details.field).toBe('json.country');
    expect((await t.call('GET', '/api/company', undefined, as('owner'))).body).toEqual(before);
  });

  it('validates the same way for callers other than the API (CLI, seed)', async () => {
    const error = await updateCompanyProfile(t.store.db, systemActor(orgId), {
      ...PROFILE,
      fiscalYearStart: '02-30',
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'fiscalYearStart' } });
  });

  it('lets every role read it but only owners and admins change it', async () => {
    for (const role of ['owner', 'admin', 'accountant', 'member'] as const)
      expect((await t.call('GET', '/api/company', undefined, as(role))).status, role).toBe(200);
    for (const role of ['accountant', 'member'] as const) {
      const res = await t.call('PUT', '/api/company', { ...PROFILE, legalName: 'Hijacked' }, as(role));
      expect(res.status, role).toBe(403);
      expect(res.body.error).toMatchObject({ code: 'FORBIDDEN', details: { permission: 'company:update' } });
    }
    expect((await t.call('GET', '/api/company', undefined, as('member'))).body.legalName).toBe(
      'Acme Widgets Limited',
    );
  });

  it('refuses a cookie-authenticated change from another origin', async () => {
    const res = await t.call('PUT', '/api/company', PROFILE, {
      cookie: ownerCookie,
      headers: { origin: 'https://evil.example' },
    });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('CSRF_ORIGIN_MISMATCH');
  });
});

describe('audit, events and isolation', () => {
  it('writes one audit row per change, and the chain verifies', async () => {
    const rows = (await t.call('GET', '/api/audit?entity=company_profile', undefined, as('owner'))).body
      .items;
    // create, clear optional fields, restore; refused and unchanged saves leave no row.
    expect(rows.map((r: { action: string }) => r.action)).toEqual(['update', 'update', 'create']);
    expect(rows.at(-1)).toMatchObject({ before: null, after: { legalName: 'Acme Widgets Limited' } });
    expect(rows[0].before).toMatchObject({ website: null });
    expect(rows[0].after).toMatchObject({ website: 'https://acme.example' });
    expect(await verifyAuditChain(t.store.db, orgId)).toMatchObject({ ok: true });
  });

  it('does not audit a save that changes nothing', async () => {
    expect((await t.call('PUT', '/api/company', PROFILE, as('owner'))).status).toBe(200);
    const rows = (await t.call('GET', '/api/audit?entity=company_profile', undefined, as('owner'))).body
      .items;
    expect(rows).toHaveLength(3);
  });

  it('emits company.updated with the fields that changed', async () => {
    const events = await t.store.db
      .select()
      .from(outboxEvent)
      .where(eq(outboxEvent.orgId, orgId))
      .orderBy(outboxEvent.id);
    const updated = events.filter((e) => e.type === 'company.updated');
    expect(updated).toHaveLength(3);
    expect(updated[0]!.payload).toMatchObject({ orgId, changed: expect.arrayContaining(['baseCurrency']) });
    expect(updated[1]!.payload).toMatchObject({ changed: expect.arrayContaining(['website', 'taxIds']) });
  });

  it('another organization sees only its own profile', async () => {
    const bravo = await createOtherOrg(t);
    const profile = await t.call('GET', '/api/company', undefined, { key: bravo.key });
    expect(profile.body).toMatchObject({ legalName: 'Bravo Bakery', country: null, logo: null });
    expect(JSON.stringify(profile.body)).not.toContain('Acme');

    const saved = await t.call(
      'PUT',
      '/api/company',
      { ...PROFILE, legalName: 'Bravo Bakery SAS', country: 'FR', baseCurrency: 'EUR' },
      { key: bravo.key },
    );
    expect(saved.status).toBe(200);
    expect((await t.call('GET', '/api/company', undefined, as('owner'))).body).toMatchObject({
      legalName: 'Acme Widgets Limited',
      baseCurrency: 'GBP',
    });
    expect(await readInOrg(t.store.db, bravo.orgId, (tx) => requireBaseCurrency(tx, bravo.orgId))).toBe(
      'EUR',
    );
  });
});
