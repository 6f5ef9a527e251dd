import { createHash } from 'node:crypto';
import { createTestApp } from '../../api/test-app.ts';
import type { CompanyProfileUpdate } from './index.ts';

// Shared by the company route tests: an organization "Acme Ltd" with an owner (cookie) and an API
// key per role.

export const PROFILE: CompanyProfileUpdate = {
  legalName: '  Acme Widgets Limited ',
  tradingName: 'Acme',
  address: {
    line1: '1 High Street',
    line2: '',
    city: 'Bristol',
    region: null,
    postalCode: 'BS1 4DJ',
    country: 'gb',
  },
  country: 'gb',
  baseCurrency: 'gbp',
  fiscalYearStart: '04-06',
  taxIds: [
    { scheme: 'VAT', value: ' GB123456789 ' },
    { scheme: 'CRN', value: '01234567' },
  ],
  email: 'accounts@acme.example',
  phone: '+44 117 496 0000',
  website: 'acme.example',
};

export type Role = 'owner' | 'admin' | 'accountant' | 'member';

export async function createCompanyTestApp() {
  const t = await createTestApp();
  const ownerCookie = await t.signUp('owner@acme.test', 'Olive Owner');
  const created = await t.call(
    'POST',
    '/api/orgs',
    { name: 'Acme Ltd', slug: 'acme' },
    { cookie: ownerCookie },
  );
  const keys: Record<Role, string> = { owner: '', admin: '', accountant: '', member: '' };
  for (const role of Object.keys(keys) as Role[])
    keys[role] = (
      await t.call('POST', '/api/api-keys', { name: role, role }, { cookie: ownerCookie })
    ).body.key;
  return {
    t,
    orgId: created.body.id as string,
    ownerCookie,
    keys,
    as: (role: Role) => ({ key: keys[role] }),
  };
}

/** Another organization, "Bravo Bakery", and its owner's API key. */
export async function createOtherOrg(t: Awaited<ReturnType<typeof createCompanyTestApp>>['t']) {
  const cookie = await t.signUp('owner@bravo.test');
  const org = await t.call('POST', '/api/orgs', { name: 'Bravo Bakery', slug: 'bravo' }, { cookie });
  const key = (await t.call('POST', '/api/api-keys', { name: 'k', role: 'owner' }, { cookie })).body
    .key as string;
  return { orgId: org.body.id as string, key };
}

export const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
