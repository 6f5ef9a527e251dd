// `npm run bench -- sales`: issue invoices through the service layer and through the HTTP API on
// PostgreSQL and PGlite (p50/p99 latency, throughput), each beside a peer from the same run: the
// HTTP path beside the same issue call in process (the HTTP overhead), the service path beside the
// ledger's postJournal of the same entry alone (the floor every issue pays). Then the PDF of an
// issued invoice beside pdfkit's own minimal document. Paths run in alternating batches so drift in
// machine load hits each alike; throughput is the median of the batches. BENCH_SALES_COUNT=1000 for
// a quick run (default 10,000 invoices per path and store), BENCH_SALES_STORES=pglite for one store.

import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { serve } from '@hono/node-server';
import PDFDocument from 'pdfkit';
import { createApp } from '../src/api/app.ts';
import { loadConfig } from '../src/config.ts';
import { systemActor } from '../src/core/actor.ts';
import { adminQuery, databaseUrl } from '../src/db/admin.ts';
import { openStore, type Store, sql } from '../src/db/client.ts';
import { runMigrations } from '../src/db/migrate.ts';
import { readInOrg, withOrg } from '../src/db/tenancy.ts';
import { createMailer } from '../src/modules/comms/index.ts';
import { updateCompanyProfile } from '../src/modules/company/company.service.ts';
import { createApiKey } from '../src/modules/identity/api-key.service.ts';
import { createAuth } from '../src/modules/identity/auth.ts';
import { createOrganization } from '../src/modules/identity/organization.service.ts';
import { applyChartTemplate, postJournal } from '../src/modules/ledger/index.ts';
import { createCustomer } from '../src/modules/sales/customer.service.ts';
import { createDocument } from '../src/modules/sales/document.service.ts';
import { renderDocumentFile } from '../src/modules/sales/document-pdf.service.ts';
import { issueDocument } from '../src/modules/sales/invoice.service.ts';
import { createTaxRate } from '../src/modules/sales/tax.service.ts';
import { writeSection } from './results-file.ts';

const PG_SERVER =
  process.env.BENCH_DATABASE_URL ??
  process.env.TEST_DATABASE_URL ??
  'postgres://postgres@127.0.0.1:5432/test';
const COUNT = Number(process.env.BENCH_SALES_COUNT ?? 10_000);
const BATCHES = 5;
const PDF_RUNS = 50;
/** The floor is steady: a fifth of the calls measure it well enough. */
const FLOOR_SHARE = 5;
const DATE = '2026-03-02';

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};
const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
};
const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

async function freshStore(kind: 'postgres' | 'pglite'): Promise<{ store: Store; drop(): Promise<void> }> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), `ordo-bench-sales-${kind}-`));
  if (kind === 'postgres') {
    const name = `ordo_bench_sales_${Date.now()}`;
    await adminQuery(PG_SERVER, `CREATE DATABASE "${name}"`);
    const store = await openStore({ kind, url: databaseUrl(PG_SERVER, name) });
    await runMigrations(store);
    return {
      store,
      drop: async () => {
        await store.close();
        await adminQuery(PG_SERVER, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  const store = await openStore({ kind, dataDir });
  await runMigrations(store);
  return {
    store,
    drop: async () => {
      await store.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** An organization with a GBP chart, a 20 % rate, one customer; an owner API key for HTTP. */
async function setUp(store: Store) {
  const org = await createOrganization(store.db, { slug: 'bench', name: 'Bench Ltd' });
  const owner = systemActor(org.id);
  await updateCompanyProfile(store.db, owner, {
    legalName: 'Bench Ltd',
    country: 'GB',
    baseCurrency: 'GBP',
    fiscalYearStart: '01-01',
  });
  const accounts = await withOrg(store.db, org.id, (tx) => applyChartTemplate(tx, owner, 'generic'));
  const id = (name: string) => accounts.find((a) => a.name === name)!.id;
  const { rate, customer } = await withOrg(store.db, org.id, async (tx) => {
    const rate = await createTaxRate(tx, owner, { name: 'VAT 20%', category: 'S', percent: '20' });
    const customer = await createCustomer(tx, owner, {
      name: 'Globex Ltd',
      billingAddress: { line1: '1 High Street', city: 'London', postalCode: 'EC1A 1AA', country: 'GB' },
      paymentTermsDays: 30,
      defaultTaxRateId: rate.id,
    });
    return { rate, customer };
  });
  const { key } = await createApiKey(store.db, owner, { name: 'bench', role: 'owner' });
  return {
    orgId: org.id,
    owner,
    key,
    rate,
    customer,
    receivable: id('assets:accounts receivable'),
    income: id('income:services'),
    tax: id('liabilities:sales tax'),
  };
}
type Books = Awaited<ReturnType<typeof setUp>>;

/**
 * `n` draft invoices of two lines (not timed): one made by the draft use case, cloned in SQL (the
 * drafts are only the input of what is measured; making 20k through the use case would take longer
 * than issuing them).
 */
async function drafts(store: Store, books: Books, n: number, prefix: string): Promise<string[]> {
  return withOrg(store.db, books.orgId, async (tx) => {
    const template = await createDocument(tx, books.owner, 'invoice', {
      customerId: books.customer.id,
      issueDate: DATE,
      lines: [
        { name: 'Consulting', quantity: '2', unitPrice: 12_500, taxRateId: books.rate.id },
        { name: 'Travel', quantity: '1', unitPrice: 4_250, taxRateId: books.rate.id },
      ],
    });
    const id = sql`${`inv_${prefix}`} || lpad(g::text, 8, '0')`;
    await tx.execute(sql`insert into sales_document
      select (jsonb_populate_record(null::sales_document, to_jsonb(d) || jsonb_build_object('id', ${id}))).*
      from sales_document d, generate_series(1, ${n - 1}) g where d.org_id = ${books.orgId} and d.id = ${template.id}`);
    await tx.execute(sql`insert into sales_document_line
      select (jsonb_populate_record(null::sales_document_line, to_jsonb(l) || jsonb_build_object('document_id', ${id}))).*
      from sales_document_line l, generate_series(1, ${n - 1}) g where l.org_id = ${books.orgId} and l.document_id = ${template.id}`);
    return [
      template.id,
      ...Array.from({ length: n - 1 }, (_, i) => `inv_${prefix}${String(i + 1).padStart(8, '0')}`),
    ];
  });
}

interface PathResult {
  latencies: number[];
  perSecond: number[];
}
const newPath = (): PathResult => ({ latencies: [], perSecond: [] });

async function timeBatch(result: PathResult, items: string[], one: (id: string) => Promise<void>) {
  const started = performance.now();
  for (const id of items) {
    const t0 = performance.now();
    await one(id);
    result.latencies.push(performance.now() - t0);
  }
  result.perSecond.push(items.length / ((performance.now() - started) / 1000));
}

function httpIssuer(port: number, key: string) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const issue = (id: string) =>
    new Promise<void>((resolve, reject) => {
      const req = http.request(
        {
          agent,
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: `/api/sales/invoices/${id}/issue`,
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            res.statusCode === 200
              ? resolve()
              : reject(
                  new Error(
                    `issue ${id}: ${res.statusCode} ${Buffer.concat(chunks).toString().slice(0, 300)}`,
                  ),
                ),
          );
        },
      );
      req.on('error', reject);
      req.end('{}');
    });
  return { issue, close: () => agent.destroy() };
}

/** The minimal peer: pdfkit's own one-page document with a few lines of text. */
function minimalPdf(): Promise<Buffer> {
  return new Promise((resolve) => {
    const doc = new PDFDocument({ size: 'A4' });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.fontSize(20).text('Invoice INV-2026-0001');
    doc.fontSize(10).text('Globex Ltd, 1 High Street, London').text('Consulting  2 × 125.00  250.00');
    doc.end();
  });
}

async function benchStore(kind: 'postgres' | 'pglite', report: (r: StoreResult) => void) {
  const { store, drop } = await freshStore(kind);
  try {
    const books = await setUp(store);
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'ordo-bench-sales-app-'));
    const config = loadConfig({ ORDO_DATA_DIR: dataDir, PORT: '0' });
    const auth = createAuth({
      db: store.db,
      baseUrl: config.baseUrl,
      secret: 'bench-secret-long-enough-0123456789abcdef',
      sendResetPassword: async () => {},
    });
    const app = createApp({ store, auth, config, mailer: createMailer({ from: config.mailFrom, dataDir }) });
    const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
      const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
    });
    // The client keeps one connection for minutes between HTTP batches: the server must not close it
    // meanwhile (a close racing the next request reset it on PGlite, whose queries block the loop).
    (server as http.Server).keepAliveTimeout = 0;
    const client = httpIssuer((server.address() as AddressInfo).port, books.key);

    console.log(`${kind}: drafting ${fmt(2 * COUNT)} invoices…`);
    const forService = await drafts(store, books, COUNT, 'svc');
    const forHttp = await drafts(store, books, COUNT, 'http');
    const service = newPath();
    const overHttp = newPath();
    const floor = newPath();
    const issueInProcess = (id: string) =>
      withOrg(store.db, books.orgId, (tx) => issueDocument(tx, books.owner, 'invoice', id)).then(
        () => undefined,
      );
    const postAlone = () =>
      withOrg(store.db, books.orgId, (tx) =>
        postJournal(tx, books.owner, {
          date: DATE,
          description: 'Invoice (floor)',
          lines: [
            { accountId: books.receivable, amount: 35_100n, currency: 'GBP' },
            { accountId: books.income, amount: -29_250n, currency: 'GBP', memo: 'Income' },
            { accountId: books.tax, amount: -5_850n, currency: 'GBP', memo: 'Tax VAT 20%' },
          ],
        }),
      ).then(() => undefined);
    // Warm-up: plans cached, the JIT warm, one of each.
    const warm = forService.pop()!;
    await issueInProcess(warm);
    await client.issue(forHttp.pop()!);
    await postAlone();

    // The PDF of an issued invoice, loaded and rendered as GET /sales/invoices/{id}/pdf does.
    const render = () =>
      readInOrg(store.db, books.orgId, (q) => renderDocumentFile(q, books.orgId, 'invoice', warm));
    await render();
    await minimalPdf();
    const pdf: number[] = [];
    const peer: number[] = [];
    let pdfBytes = 0;
    for (let i = 0; i < PDF_RUNS; i++) {
      let t0 = performance.now();
      pdfBytes = (await render()).bytes.length;
      pdf.push(performance.now() - t0);
      t0 = performance.now();
      await minimalPdf();
      peer.push(performance.now() - t0);
    }

    const stat = (p: PathResult) => ({
      p50: quantile(p.latencies, 0.5),
      p99: quantile(p.latencies, 0.99),
      perSecond: median(p.perSecond),
      n: p.latencies.length,
    });
    const size = Math.ceil(forService.length / BATCHES);
    const started = performance.now();
    for (let b = 0; b < BATCHES; b++) {
      await timeBatch(service, forService.slice(b * size, (b + 1) * size), issueInProcess);
      await timeBatch(overHttp, forHttp.slice(b * size, (b + 1) * size), client.issue);
      await timeBatch(floor, forService.slice(b * size, b * size + Math.ceil(size / FLOOR_SHARE)), postAlone);
      console.log(`${kind}: batch ${b + 1}/${BATCHES}`, {
        service: fmt(service.perSecond.at(-1)!),
        http: fmt(overHttp.perSecond.at(-1)!),
        postJournal: fmt(floor.perSecond.at(-1)!),
      });
      // Written after every batch: a run stopped early still leaves what it measured, labelled.
      report({
        kind,
        batches: b + 1,
        issueSeconds: (performance.now() - started) / 1000,
        service: stat(service),
        http: stat(overHttp),
        floor: stat(floor),
        pdf: { ms: median(pdf), peerMs: median(peer), bytes: pdfBytes, n: pdf.length },
      });
    }
    client.close();
    server.close();
    rmSync(dataDir, { recursive: true, force: true });
  } finally {
    await drop();
  }
}

interface PathStat {
  p50: number;
  p99: number;
  perSecond: number;
  n: number;
}
interface StoreResult {
  kind: 'postgres' | 'pglite';
  batches: number;
  issueSeconds: number;
  service: PathStat;
  http: PathStat;
  floor: PathStat;
  pdf: { ms: number; peerMs: number; bytes: number; n: number };
}

const storeName = (k: string) => (k === 'postgres' ? 'PostgreSQL' : 'PGlite');

function storeSection(r: StoreResult): string {
  const row = (what: string, p: PathStat, ratio: string) =>
    `| ${what} | ${fmt(p.p50, 1)} ms | ${fmt(p.p99, 1)} ms | ${fmt(p.perSecond)} /s | ${ratio} |`;
  const partial = r.batches < BATCHES ? ` **Stopped after ${r.batches} of ${BATCHES} batches.**` : '';
  return `### ${storeName(r.kind)}

\`npm run bench -- sales\` on ${storeName(r.kind)}, node ${process.version}, ${new Date().toISOString().slice(0, 10)}, ${fmt(COUNT)} invoices per path; load average ${os.loadavg()[0]!.toFixed(1)} on 2 cores at the end (other work running).${partial}

| path (${fmt(r.service.n)} invoices each; floor ${fmt(r.floor.n)}) | p50 | p99 | throughput (median of ${r.batches} batches) | ratio |
|---|---:|---:|---:|---|
${row('HTTP `POST /api/sales/invoices/{id}/issue` (API key, one connection)', r.http, `${fmt(r.http.p50 / r.service.p50, 2)}× the service's p50, ${fmt(r.http.perSecond / r.service.perSecond, 2)}× its throughput`)}
${row('service `issueDocument` in its own transaction (peer of HTTP)', r.service, `${fmt(r.service.p50 / r.floor.p50, 2)}× the floor's p50`)}
${row('ledger `postJournal` of the same 3-line entry alone (floor)', r.floor, '1×')}

PDF of an issued two-line invoice (loaded and rendered as \`GET /sales/invoices/{id}/pdf\` does, ${fmt(r.pdf.bytes / 1024)} KB, DejaVu Sans embedded): median ${fmt(r.pdf.ms, 1)} ms over ${r.pdf.n} renders; pdfkit's own minimal one-page document (peer, standard font): ${fmt(r.pdf.peerMs, 1)} ms, ratio ${fmt(r.pdf.ms / r.pdf.peerMs, 1)}×. Issuing took ${fmt(r.issueSeconds / 60, 1)} min of wall time.`;
}

export async function benchSales() {
  const stores = (process.env.BENCH_SALES_STORES ?? 'postgres,pglite').split(',') as StoreResult['kind'][];
  writeSection(
    'sales',
    `## Receivables: issuing invoices, HTTP and service layer, and their PDF

Command: \`npm run bench -- sales\` (\`BENCH_SALES_COUNT\` invoices per path and store, 10,000 by default; \`BENCH_SALES_STORES=postgres|pglite\` for one store; each store's table below names its own run). Each invoice: two lines at 20 % VAT, issued on one date, so every issue takes the same number sequence row, numbers gaplessly, posts receivable/income/tax and writes its audit row and event. One caller at a time (issues are serialized on the sequence anyway). Latencies over every call; throughput the median of ${BATCHES} alternating batches (HTTP, service, floor), so drift in the machine's load hits each path alike. The HTTP server runs in the bench process (PGlite admits one process), the client too. Drafts are cloned in SQL from one made by the draft use case (not timed).`,
  );
  for (const kind of stores) {
    let last: StoreResult | undefined;
    await benchStore(kind, (r) => {
      last = r;
      writeSection(`sales-${kind}`, storeSection(r));
    });
    if (last) console.log(`\n${storeSection(last)}`);
  }
}
