import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../api/test-app.ts';
import { sniffImage } from '../modules/company/logo.domain.ts';
import type { Services } from '../services.ts';
import { seedCompany } from './company.seed.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('demo company', () => {
  it('gives the demo organization a UK profile and a real PNG logo', async () => {
    const owner = await t.signUp('owner@demo.test');
    const org = (await t.call('POST', '/api/orgs', { name: 'Demo', slug: 'demo' }, { cookie: owner })).body;
    await seedCompany({ store: t.store } as Services, org.id);
    const profile = await t.call('GET', '/api/company', undefined, { cookie: owner });
    expect(profile.body).toMatchObject({
      legalName: 'Demo Trading Ltd',
      address: { city: 'Manchester', country: 'GB' },
      country: 'GB',
      baseCurrency: 'GBP',
      fiscalYearStart: '04-06',
      taxIds: expect.arrayContaining([{ scheme: 'VAT', value: 'GB123456789' }]),
      logo: { contentType: 'image/png', width: 128, height: 128 },
    });
    const logo = await t.app.request('/api/company/logo', { headers: { cookie: owner } });
    expect(logo.headers.get('content-type')).toBe('image/png');
    const bytes = new Uint8Array(await logo.arrayBuffer());
    expect(sniffImage(bytes)).toEqual({ type: 'image/png', size: { width: 128, height: 128 } });
  });
});
