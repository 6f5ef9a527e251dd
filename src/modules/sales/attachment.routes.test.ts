import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../api/test-app.ts';
import { createCompanyTestApp, createOtherOrg, PROFILE, type Role } from '../company/company.test-kit.ts';
import { tinyPng } from '../company/logo.fixtures.ts';

// Files attached to invoices, credit notes and quotes, through HTTP: upload (the body is the file),
// list, download with the same bytes, remove; the type is read from the bytes; refusals are 4xx
// with nothing stored; roles (sales:read to read, invoice:write to change) and organizations hold; a deleted draft takes its files with it.

let t: TestApp;
let as: (role: Role) => { key: string };
let customer: string;

const PDF = new TextEncoder().encode('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
const call = (method: string, url: string, body?: unknown, role: Role = 'owner') =>
  t.call(method, `/api/sales/${url}`, body, as(role));

async function upload(path: string, fileName: string | null, body: Uint8Array, role: Role = 'owner') {
  const query = fileName === null ? '' : `?fileName=${encodeURIComponent(fileName)}`;
  const res = await t.app.request(`/api/sales/${path}/attachments${query}`, {
    method: 'POST',
    headers: {
      origin: t.config.baseUrl,
      authorization: `Bearer ${as(role).key}`,
      'content-type': 'application/octet-stream',
    },
    body,
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

async function download(path: string) {
  const res = await t.app.request(`/api/sales/${path}`, {
    headers: { authorization: `Bearer ${as('accountant').key}` },
  });
  return { status: res.status, headers: res.headers, bytes: new Uint8Array(await res.arrayBuffer()) };
}

const draftInvoice = async () =>
  (
    await call('POST', 'invoices', {
      customerId: customer,
      lines: [{ name: 'Consulting', quantity: '2', unitPrice: 10_000 }],
    })
  ).body.id as string;

beforeAll(async () => {
  ({ t, as } = await createCompanyTestApp());
  await t.call('PUT', '/api/company', { ...PROFILE, fiscalYearStart: '01-01' }, as('owner'));
  await t.call('POST', '/api/ledger/chart/apply-template', { templateId: 'generic' }, as('owner'));
  const vat = (await call('POST', 'tax-rates', { name: 'VAT 20%', category: 'S', percent: '20' })).body.id;
  customer = (await call('POST', 'customers', { name: 'Initech', defaultTaxRateId: vat })).body.id;
}, 60_000);
afterAll(() => t.close());

describe('document attachments over HTTP', () => {
  it('attaches a PDF and an image, lists them, and serves the same bytes back as downloads', async () => {
    const id = await draftInvoice();
    const pdf = await upload(`invoices/${id}`, 'Purchase order "77".pdf', PDF);
    expect(pdf.status).toBe(201);
    expect(pdf.body).toMatchObject({
      fileName: 'Purchase order 77.pdf',
      contentType: 'application/pdf',
      byteSize: PDF.length,
    });
    const png = await upload(`invoices/${id}`, 'Lieferschein Müller.png', tinyPng());
    expect(png.body.contentType).toBe('image/png');
    const list = await call('GET', `invoices/${id}/attachments`, undefined, 'accountant');
    expect(list.body.items.map((a: { fileName: string }) => a.fileName)).toEqual([
      'Purchase order 77.pdf',
      'Lieferschein Müller.png',
    ]);
    const got = await download(`invoices/${id}/attachments/${pdf.body.id}`);
    expect(got.status).toBe(200);
    expect(got.bytes).toEqual(PDF);
    expect(got.headers.get('content-type')).toBe('application/pdf');
    expect(got.headers.get('x-content-type-options')).toBe('nosniff');
    const image = await download(`invoices/${id}/attachments/${png.body.id}`);
    expect(image.headers.get('content-disposition')).toBe(
      `attachment; filename="Lieferschein M_ller.png"; filename*=UTF-8''Lieferschein%20M%C3%BCller.png`,
    );
  });

  it('keeps one copy of the same file uploaded twice, and attaches to an issued invoice and a quote', async () => {
    const id = await draftInvoice();
    const first = await upload(`invoices/${id}`, 'po.pdf', PDF);
    const again = await upload(`invoices/${id}`, 'po.pdf', PDF);
    expect(again.body.id).toBe(first.body.id);
    const issued = await call('POST', `invoices/${id}/issue`, {});
    expect(issued.status).toBe(200);
    expect((await upload(`invoices/${id}`, 'signed delivery note.pdf', PDF)).status).toBe(201);
    expect((await call('GET', `invoices/${id}/attachments`)).body.items).toHaveLength(2);
    const quote = (
      await call('POST', 'quotes', {
        customerId: customer,
        lines: [{ name: 'x', quantity: '1', unitPrice: 100 }],
      })
    ).body.id;
    expect(
      (await upload(`quotes/${quote}`, 'brief.txt', new TextEncoder().encode('Scope: two days.\n'))).body,
    ).toMatchObject({ contentType: 'text/plain' });
  });

  it('refuses what it cannot keep, by type, size, name and emptiness, storing nothing; names an unnamed file', async () => {
    const id = await draftInvoice();
    const exe = await upload(
      `invoices/${id}`,
      'invoice.pdf',
      new Uint8Array([0x4d, 0x5a, 0x90, 0, 3, 0, 0, 0]),
    );
    expect([exe.status, exe.body.error.code]).toEqual([415, 'ATTACHMENT_TYPE_NOT_ALLOWED']);
    const empty = await upload(`invoices/${id}`, 'empty.pdf', new Uint8Array());
    expect([empty.status, empty.body.error.code]).toEqual([400, 'ATTACHMENT_EMPTY']);
    const big = new Uint8Array(10 * 1024 * 1024 + 1);
    big.set(PDF);
    const tooBig = await upload(`invoices/${id}`, 'big.pdf', big);
    expect([tooBig.status, tooBig.body.error.code]).toEqual([413, 'ATTACHMENT_TOO_LARGE']);
    expect((await upload(`invoices/${id}`, '', PDF)).status).toBe(400);
    expect((await call('GET', `invoices/${id}/attachments`)).body.items).toEqual([]);
    const unnamed = await upload(`invoices/${id}`, null, PDF);
    expect([unnamed.status, unnamed.body.fileName]).toEqual([201, 'attachment.pdf']);
  });

  it('takes a file of up to 10 MB, past the app-wide body limit', async () => {
    const id = await draftInvoice();
    const scan = new Uint8Array(3 * 1024 * 1024);
    scan.set(PDF);
    expect((await upload(`invoices/${id}`, 'scan.pdf', scan)).status).toBe(201);
  });

  it('keeps members (no sales access) out of reading, attaching and removing; another organization sees nothing', async () => {
    const id = await draftInvoice();
    const file = await upload(`invoices/${id}`, 'po.pdf', PDF);
    expect((await upload(`invoices/${id}`, 'x.pdf', PDF, 'member')).status).toBe(403);
    expect((await call('GET', `invoices/${id}/attachments`, undefined, 'member')).status).toBe(403);
    expect(
      (await call('DELETE', `invoices/${id}/attachments/${file.body.id}`, undefined, 'member')).status,
    ).toBe(403);
    const other = await createOtherOrg(t);
    const res = await t.app.request(`/api/sales/invoices/${id}/attachments/${file.body.id}`, {
      headers: { authorization: `Bearer ${other.key}` },
    });
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain('%PDF');
    // The file of one invoice is not found through another.
    const otherInvoice = await draftInvoice();
    expect((await download(`invoices/${otherInvoice}/attachments/${file.body.id}`)).status).toBe(404);
  });

  it('removes a file, and a deleted draft takes its files with it', async () => {
    const id = await draftInvoice();
    const a = await upload(`invoices/${id}`, 'a.pdf', PDF);
    await upload(`invoices/${id}`, 'b.txt', new TextEncoder().encode('note'));
    expect((await call('DELETE', `invoices/${id}/attachments/${a.body.id}`)).status).toBe(204);
    expect((await call('DELETE', `invoices/${id}/attachments/${a.body.id}`)).status).toBe(404);
    expect((await call('GET', `invoices/${id}/attachments`)).body.items).toHaveLength(1);
    expect((await call('DELETE', `invoices/${id}`)).status).toBe(204);
    const left = await t.store.db.execute(
      `select count(*)::int as n from attachment where entity_id = '${id}'`,
    );
    expect((left as unknown as { rows: { n: number }[] }).rows[0]!.n).toBe(0);
  });
});
