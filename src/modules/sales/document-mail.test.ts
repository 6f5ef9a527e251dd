import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../api/test-app.ts';
import { queryOne } from '../../db/client.ts';
import { withOrg } from '../../db/tenancy.ts';
import { createDispatcher } from '../../jobs/dispatcher.ts';
import { createMailer } from '../comms/index.ts';
import { createCompanyTestApp, createOtherOrg, PROFILE, type Role } from '../company/company.test-kit.ts';
import { readPdf } from './pdf.test-kit.ts';
import { salesSubscribers } from './sales.subscribers.ts';

// Sending documents: the message is recorded in the request's transaction, the mail (with the PDF)
// leaves only when the outbox is dispatched: through a real SMTP server, or into the organization's
// file outbox, which the app lists and serves per organization. Refusals record nothing.

let t: TestApp;
let as: (role: Role) => { key: string };
let orgId: string;
let other: { orgId: string; key: string };
let smtp: SMTPServer;
const received: { to: string[]; raw: string }[] = [];
const ids: Record<string, string> = {};

const post = (path: string, body: unknown, role: Role = 'owner', headers: Record<string, string> = {}) =>
  t.call('POST', `/api/${path}`, body, { ...as(role), headers });
const get = (path: string, role: Role = 'owner') => t.call('GET', `/api/${path}`, undefined, as(role));

/** Delivers pending outbox events with `mailer` (SMTP to the test server, or the file outbox). */
async function dispatch(via: 'smtp' | 'file') {
  const { port } = smtp.server.address() as AddressInfo;
  const mailer = createMailer({
    ...(via === 'smtp' ? { smtpUrl: `smtp://127.0.0.1:${port}` } : {}),
    from: 'Ordo <ordo@mail.test>',
    dataDir: t.dataDir,
  });
  const dispatcher = createDispatcher(t.store, { subscribers: salesSubscribers({ store: t.store, mailer }) });
  try {
    return await dispatcher.dispatchOnce();
  } finally {
    mailer.close();
  }
}

/** Rows that sending writes: messages, queued-mail events and audit rows, for "nothing recorded". */
const footprint = async () =>
  (await withOrg(t.store.db, orgId, (tx) =>
    queryOne<{ messages: string; events: string; audits: string }>(
      tx,
      sql`select (select count(*) from sales_document_message)::text as messages,
        (select count(*) from outbox_event where type = 'document_message.queued')::text as events,
        (select count(*) from audit_log where action in ('send', 'remind'))::text as audits`,
    ),
  ))!;

function pdfAttachment(raw: string): Buffer {
  const part = /Content-Type: application\/pdf[^\r\n]*(?:\r?\n[^\r\n]+)*\r?\n\r?\n([A-Za-z0-9+/=\r\n]+)/.exec(
    raw,
  );
  if (!part) throw new Error('no PDF part in the message');
  return Buffer.from(part[1]!.replace(/\s+/g, ''), 'base64');
}

beforeAll(async () => {
  ({ t, as, orgId } = await createCompanyTestApp());
  other = await createOtherOrg(t);
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, session, callback) {
      let raw = '';
      stream.on('data', (chunk: Buffer) => (raw += chunk.toString('latin1')));
      stream.on('end', () => {
        received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  await t.call('PUT', '/api/company', { ...PROFILE, fiscalYearStart: '01-01' }, as('owner'));
  const chart = await post('ledger/chart/apply-template', { templateId: 'generic' });
  expect(chart.status).toBe(201);
  const vat = (await post('sales/tax-rates', { name: 'VAT 20%', category: 'S', percent: '20' })).body.id;
  const customer = async (body: object) =>
    (await post('sales/customers', { defaultTaxRateId: vat, paymentTermsDays: 30, ...body })).body
      .id as string;
  ids.withEmail = await customer({ name: 'Globex Ltd', email: 'ap@globex.example' });
  ids.billingContact = await customer({
    name: 'Initech GmbH',
    contacts: [
      { name: 'Sales', email: 'sales@initech.example', role: 'Sales' },
      { name: 'Bea', email: 'billing@initech.example', role: 'Billing' },
    ],
  });
  ids.noEmail = await customer({ name: 'Silent Partners' });
  const invoice = async (customerId: string, issue = true) => {
    const draft = await post('sales/invoices', {
      customerId,
      issueDate: '2026-03-02',
      lines: [{ name: 'Consulting', quantity: '2', unitPrice: 50000 }],
    });
    if (!issue) return draft.body.id as string;
    const issued = await post(`sales/invoices/${draft.body.id}/issue`, {});
    expect(issued.status).toBe(200);
    ids[`number:${draft.body.id}`] = issued.body.number;
    return draft.body.id as string;
  };
  ids.invoice = await invoice(ids.withEmail);
  ids.contactInvoice = await invoice(ids.billingContact);
  ids.silentInvoice = await invoice(ids.noEmail);
  ids.draft = await invoice(ids.withEmail, false);
}, 90_000);
afterAll(async () => {
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
  await t.close();
});

describe('sending an invoice', () => {
  it('records the message now and mails it with the PDF through SMTP after commit, once', async () => {
    const sent = await post(`sales/invoices/${ids.invoice}/send`, { cc: 'boss@globex.example' });
    expect(sent.status).toBe(201);
    const number = ids[`number:${ids.invoice}`]!;
    expect(sent.body).toMatchObject({
      documentId: ids.invoice,
      kind: 'document',
      to: ['ap@globex.example'],
      cc: ['boss@globex.example'],
      subject: `Invoice ${number} from Acme`,
      status: 'queued',
      attachmentName: `${number}.pdf`,
    });
    expect(sent.body.body).toContain(
      `Please find attached invoice ${number} for GBP 1,200.00, due on 1 Apr 2026.`,
    );
    expect(received).toHaveLength(0); // nothing leaves before the outbox delivers

    expect(await dispatch('smtp')).toMatchObject({ failed: 0, dead: 0 });
    expect(await dispatch('smtp')).toEqual({ delivered: 0, failed: 0, dead: 0 });
    expect(received).toHaveLength(1);
    expect(received[0]!.to.sort()).toEqual(['ap@globex.example', 'boss@globex.example']);
    const raw = received[0]!.raw;
    expect(raw).toMatch(new RegExp(`^Subject: Invoice ${number} from Acme\\r?$`, 'm'));
    expect(raw).toMatch(/^Reply-To: accounts@acme\.example\r?$/m);
    const pdf = pdfAttachment(raw);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const text = readPdf(pdf).text;
    expect(text).toContain(number);
    expect(text).toMatch(/Amount due\s+GBP 1,200\.00/);

    const messages = await get(`sales/invoices/${ids.invoice}/messages`);
    expect(messages.body.items).toHaveLength(1);
    expect(messages.body.items[0]).toMatchObject({
      id: sent.body.id,
      status: 'sent',
      transport: 'smtp',
      error: null,
    });
    expect(messages.body.items[0].transportMessageId).toMatch(/^<.+>$/);
    expect(messages.body.items[0].sentAt).toBeTruthy();
  });

  it('sends once when the client retries with the same Idempotency-Key', async () => {
    const before = await footprint();
    const headers = { 'idempotency-key': 'send-retry-1' };
    const first = await post(`sales/invoices/${ids.contactInvoice}/send`, {}, 'owner', headers);
    const second = await post(`sales/invoices/${ids.contactInvoice}/send`, {}, 'owner', headers);
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(second.body.id).toBe(first.body.id);
    expect(first.body.to).toEqual(['billing@initech.example']); // the billing contact, not sales
    const after = await footprint();
    expect(Number(after.messages) - Number(before.messages)).toBe(1);
    expect(Number(after.events) - Number(before.events)).toBe(1);
  });

  it('without SMTP writes an .eml into the organization outbox, which the app lists and serves', async () => {
    expect(await dispatch('file')).toMatchObject({ failed: 0, dead: 0 });
    const number = ids[`number:${ids.contactInvoice}`]!;
    const outbox = await get('comms/outbox');
    expect(outbox.status).toBe(200);
    expect(outbox.body.transport).toBe('file'); // the test app has no SMTP server configured
    expect(outbox.body.items).toHaveLength(1);
    const [entry] = outbox.body.items;
    expect(entry).toMatchObject({
      to: 'billing@initech.example',
      subject: `Invoice ${number} from Acme`,
      attachments: [`${number}.pdf`],
    });
    const messages = await get(`sales/invoices/${ids.contactInvoice}/messages`);
    expect(messages.body.items[0]).toMatchObject({ status: 'sent', transport: 'file' });
    expect(messages.body.items[0].transportMessageId).toBe(entry.messageId);

    const eml = await t.app.request(`/api/comms/outbox/${encodeURIComponent(entry.id)}`, {
      headers: { authorization: `Bearer ${as('accountant').key}` },
    });
    expect(eml.status).toBe(200);
    expect(eml.headers.get('content-type')).toBe('message/rfc822');
    expect(eml.headers.get('content-disposition')).toBe(`attachment; filename="${entry.id}.eml"`);
    const raw = await eml.text();
    expect(raw).toContain(`Subject: Invoice ${number} from Acme`);
    expect(readPdf(pdfAttachment(raw)).text).toContain(number);

    // A member may not read the outbox; another organization sees none of it.
    expect((await get('comms/outbox', 'member')).status).toBe(403);
    const theirs = await t.call('GET', '/api/comms/outbox', undefined, { key: other.key });
    expect([theirs.status, theirs.body.items]).toEqual([200, []]);
    const stolen = await t.call('GET', `/api/comms/outbox/${encodeURIComponent(entry.id)}`, undefined, {
      key: other.key,
    });
    expect(stolen.status).toBe(404);
    expect((await get('comms/outbox/..%2F..%2Fauth-secret')).status).toBe(400);
    expect((await get('comms/outbox/20260101T000000.000Z-nothing-here')).status).toBe(404);
  });

  it('refuses a draft, no recipient, a bad address and unknown or foreign ids, recording nothing', async () => {
    const before = await footprint();
    const draft = await post(`sales/invoices/${ids.draft}/send`, {});
    expect([draft.status, draft.body.error.code]).toEqual([409, 'DOCUMENT_NOT_ISSUED']);
    const nobody = await post(`sales/invoices/${ids.silentInvoice}/send`, {});
    expect([nobody.status, nobody.body.error.code, nobody.body.error.details.field]).toEqual([
      422,
      'RECIPIENT_REQUIRED',
      'to',
    ]);
    const bad = await post(`sales/invoices/${ids.silentInvoice}/send`, {
      to: ['ok@x.example', 'not an address'],
    });
    expect([bad.status, bad.body.error.details.field]).toEqual([400, 'to']);
    expect((await post('sales/invoices/inv_unknown/send', {})).status).toBe(404);
    // An invoice id sent as a credit note is not found either.
    expect((await post(`sales/credit-notes/${ids.invoice}/send`, {})).status).toBe(404);
    const foreign = await t.call('POST', `/api/sales/invoices/${ids.invoice}/send`, {}, { key: other.key });
    expect(foreign.status).toBe(404);
    expect((await post(`sales/invoices/${ids.invoice}/send`, {}, 'member')).status).toBe(403);
    expect(await footprint()).toEqual(before);
    // Given an address, the silent customer's invoice goes out.
    const given = await post(`sales/invoices/${ids.silentInvoice}/send`, {
      to: 'owner@silent.example',
      subject: 'Your invoice',
      message: 'Here it is.',
    });
    expect(given.body).toMatchObject({
      to: ['owner@silent.example'],
      subject: 'Your invoice',
      body: 'Here it is.',
    });
  });
});

describe('sending quotes and credit notes', () => {
  it('a draft quote is numbered and marked sent as it is mailed', async () => {
    const quote = await post('sales/quotes', {
      customerId: ids.withEmail,
      issueDate: '2026-03-03',
      dueDate: '2026-04-03',
      lines: [{ name: 'Proposal', quantity: '1', unitPrice: 70000 }],
    });
    const sent = await post(`sales/quotes/${quote.body.id}/send`, {});
    expect(sent.status).toBe(201);
    const after = await get(`sales/quotes/${quote.body.id}`);
    expect([after.body.status, after.body.number]).toEqual(['sent', 'QUO-2026-0001']);
    expect(sent.body.subject).toBe('Quote QUO-2026-0001 from Acme');
    expect(sent.body.body).toContain('valid until 3 Apr 2026');
    // Sending it again keeps it sent and logs a second message.
    expect((await post(`sales/quotes/${quote.body.id}/send`, {})).status).toBe(201);
    expect((await get(`sales/quotes/${quote.body.id}/messages`)).body.items).toHaveLength(2);
  });

  it('an issued credit note is mailed with its own PDF', async () => {
    const note = await post('sales/credit-notes', {
      customerId: ids.withEmail,
      issueDate: '2026-03-04',
      invoiceId: ids.invoice,
      lines: [{ name: 'Refund of one hour', quantity: '1', unitPrice: 10000 }],
    });
    expect((await post(`sales/credit-notes/${note.body.id}/send`, {})).body.error.code).toBe(
      'DOCUMENT_NOT_ISSUED',
    );
    const issued = await post(`sales/credit-notes/${note.body.id}/issue`, {});
    const sent = await post(`sales/credit-notes/${note.body.id}/send`, {});
    expect(sent.body.attachmentName).toBe(`${issued.body.number}.pdf`);
    received.length = 0;
    expect(await dispatch('smtp')).toMatchObject({ failed: 0, dead: 0 });
    const mail = received.find((m) => m.raw.includes(`Credit note ${issued.body.number}`));
    expect(mail).toBeDefined();
    expect(readPdf(pdfAttachment(mail!.raw)).text.replace(/[ \t]+/g, ' ')).toContain(
      `Credits invoice ${ids[`number:${ids.invoice}`]}`,
    );
  });
});

describe('files over HTTP', () => {
  const download = async (path: string, role: Role = 'owner') => {
    const res = await t.app.request(`/api/${path}`, { headers: { authorization: `Bearer ${as(role).key}` } });
    return { res, bytes: Buffer.from(await res.arrayBuffer()) };
  };

  it('serves each document as a PDF named by its number; a draft says DRAFT', async () => {
    const number = ids[`number:${ids.invoice}`]!;
    const { res, bytes } = await download(`sales/invoices/${ids.invoice}/pdf`, 'accountant');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="${number}.pdf"`);
    const pdf = readPdf(bytes);
    expect(pdf.title).toBe(`Invoice ${number}`);
    expect(pdf.rawPageTexts[0]).not.toContain('DRAFT');
    const draft = await download(`sales/invoices/${ids.draft}/pdf`);
    expect(draft.res.headers.get('content-disposition')).toBe(
      `attachment; filename="draft-invoice-${ids.draft}.pdf"`,
    );
    expect(readPdf(draft.bytes).rawPageTexts[0]).toContain('DRAFT');
    expect((await download(`sales/quotes/${ids.invoice}/pdf`)).res.status).toBe(404);
    expect((await download(`sales/invoices/${ids.invoice}/pdf`, 'member')).res.status).toBe(403);
    const foreign = await t.app.request(`/api/sales/invoices/${ids.invoice}/pdf`, {
      headers: { authorization: `Bearer ${other.key}` },
    });
    expect(foreign.status).toBe(404);
  });

  it('serves the customer statement as JSON and as a PDF', async () => {
    const json = await get(`sales/customers/${ids.withEmail}/statement?from=2026-03-01&to=2026-03-31`);
    expect(json.status).toBe(200);
    expect(json.body).toMatchObject({
      customer: { id: ids.withEmail, name: 'Globex Ltd' },
      from: '2026-03-01',
    });
    const [gbp] = json.body.sections;
    expect(gbp.openingBalance).toBe(0);
    // The invoice (1,200.00), less the credit note (120.00).
    expect(gbp.entries.map((e: { kind: string; balance: number }) => [e.kind, e.balance])).toEqual([
      ['invoice', 120000],
      ['credit_note', 108000],
    ]);
    expect(gbp.closingBalance).toBe(108000);
    expect(gbp.aging.buckets.current).toBe(108000);
    const backwards = await get(`sales/customers/${ids.withEmail}/statement?from=2026-04-01&to=2026-03-01`);
    expect([backwards.status, backwards.body.error.details.field]).toEqual([400, 'from']);

    const { res, bytes } = await download(
      `sales/customers/${ids.withEmail}/statement.pdf?from=2026-03-01&to=2026-03-31`,
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe(
      'attachment; filename="statement-Globex-Ltd-2026-03-31.pdf"',
    );
    const text = readPdf(bytes).text.replace(/[ \t]+/g, ' ');
    expect(text).toMatch(/Closing balance 1,200\.00 120\.00 1,080\.00/);
    expect((await get(`sales/customers/${ids.withEmail}/statement`, 'member')).status).toBe(403);
    const foreign = await t.call('GET', `/api/sales/customers/${ids.withEmail}/statement`, undefined, {
      key: other.key,
    });
    expect(foreign.status).toBe(404);
  });
});
