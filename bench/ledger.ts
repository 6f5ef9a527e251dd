// `npm run bench -- ledger`: import generated hledger journals of 100k and 1M transactions into
// Ordo on PostgreSQL and PGlite, then the trial balance and the monthly income statement, beside
// `hledger balance`, `hledger incomestatement -M` and `ledger balance` on the same files. Prints
// times, peak memory and ratios, checks our figures equal hledger's, and writes its section of
// bench/RESULTS.md. BENCH_LEDGER_SIZES=20000 (comma-separated) for a quick run.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../src/config.ts';
import { adminQuery, databaseUrl } from '../src/db/admin.ts';
import { openStore, type Store } from '../src/db/client.ts';
import { readInOrg } from '../src/db/tenancy.ts';
import { findOrganizationBySlug } from '../src/modules/identity/organization.service.ts';
import {
  hledgerBalance,
  nextDay,
  ourIncomeStatement,
  ourTrialBalance,
} from '../src/modules/interop/interop.test-kit.ts';
import { writeJournal } from '../src/modules/interop/journal-generator.ts';
import { incomeStatement, trialBalance } from '../src/modules/reports/index.ts';
import { writeSection } from './results-file.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const WORK = path.join(ROOT, '.tmp/bench');
const PG_SERVER =
  process.env.BENCH_DATABASE_URL ??
  process.env.TEST_DATABASE_URL ??
  'postgres://postgres@127.0.0.1:5432/test';
const SIZES = (process.env.BENCH_LEDGER_SIZES ?? '100000,1000000').split(',').map(Number);
const REPORT_RUNS = 7;
const SEED = 20_261_123;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};
const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

interface Timed {
  ms: number;
  peakMb: number;
  stdout: string;
}

/** Runs a command under GNU time: wall time, peak resident memory, standard output. */
function timed(command: string, args: string[], env: Record<string, string> = {}): Promise<Timed> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn('/usr/bin/time', ['-f', '%M', command, ...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    let err = '';
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => (err += d));
    child.on('close', (code) => {
      const ms = performance.now() - started;
      const lines = err.trim().split('\n');
      const peakKb = Number(lines.at(-1));
      if (code !== 0) reject(new Error(`${command} ${args.join(' ')} exited ${code}:\n${err.slice(-2000)}`));
      else resolve({ ms, peakMb: peakKb / 1024, stdout: Buffer.concat(out).toString('utf8') });
    });
  });
}

async function medianOf(runs: number, work: () => Promise<Timed>): Promise<Timed> {
  const results: Timed[] = [];
  for (let i = 0; i < runs; i++) results.push(await work());
  results.sort((a, b) => a.ms - b.ms);
  return results[Math.floor(results.length / 2)]!;
}

async function timeInProcess(work: () => Promise<unknown>): Promise<number> {
  await work(); // warm: plans cached, pages in memory, as a user's second look at a report
  const times: number[] = [];
  for (let i = 0; i < REPORT_RUNS; i++) {
    const started = performance.now();
    await work();
    times.push(performance.now() - started);
  }
  return median(times);
}

interface StoreTarget {
  kind: 'postgres' | 'pglite';
  env: Record<string, string>;
  open(): Promise<Store>;
  drop(): Promise<void>;
}

async function freshTarget(kind: 'postgres' | 'pglite'): Promise<StoreTarget> {
  if (kind === 'postgres') {
    const name = `ordo_bench_ledger_${Date.now()}`;
    await adminQuery(PG_SERVER, `CREATE DATABASE "${name}"`);
    const url = databaseUrl(PG_SERVER, name);
    const dataDir = mkdtempSync(path.join(tmpdir(), 'ordo-bench-pg-'));
    return {
      kind,
      env: { DATABASE_URL: url, ORDO_DATA_DIR: dataDir },
      open: () => openStore(loadConfig({ DATABASE_URL: url, ORDO_DATA_DIR: dataDir }).store),
      drop: async () => {
        await adminQuery(PG_SERVER, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  const dataDir = mkdtempSync(path.join(tmpdir(), 'ordo-bench-pglite-'));
  return {
    kind,
    env: { ORDO_DATA_DIR: dataDir, DATABASE_URL: '' },
    open: () => openStore(loadConfig({ ORDO_DATA_DIR: dataDir }).store),
    drop: async () => rmSync(dataDir, { recursive: true, force: true }),
  };
}

interface StoreResult {
  kind: string;
  importMs: number;
  importPeakMb: number;
  postingsPerSecond: number;
  trialBalanceMs: number;
  incomeStatementMs: number;
  equal: boolean;
}

async function benchStore(
  kind: 'postgres' | 'pglite',
  file: string,
  journal: { postings: number; from: string; to: string },
  expected: { trialBalance: string[]; incomeStatement: string[] },
): Promise<StoreResult> {
  const target = await freshTarget(kind);
  try {
    const imported = await timed(
      process.execPath,
      [path.join(ROOT, 'bin/ordo.js'), 'import', 'hledger', file, '--org', 'bench'],
      target.env,
    );
    const store = await target.open();
    try {
      const org = await findOrganizationBySlug(store.db, 'bench');
      if (!org) throw new Error('the import created no organization');
      const tb = () => readInOrg(store.db, org.id, (q) => trialBalance(q, org.id, { asOf: journal.to }));
      const is = () =>
        readInOrg(store.db, org.id, (q) =>
          incomeStatement(q, org.id, { from: journal.from, to: journal.to, columns: 'month' }),
        );
      const trialBalanceMs = await timeInProcess(tb);
      const incomeStatementMs = await timeInProcess(is);
      const sameTrialBalance =
        JSON.stringify(await ourTrialBalance(store, org.id, journal.to)) ===
        JSON.stringify(expected.trialBalance);
      const sameIncomeStatement =
        JSON.stringify(await ourIncomeStatement(store, org.id, journal.from, journal.to)) ===
        JSON.stringify(expected.incomeStatement);
      return {
        kind,
        importMs: imported.ms,
        importPeakMb: imported.peakMb,
        postingsPerSecond: journal.postings / (imported.ms / 1000),
        trialBalanceMs,
        incomeStatementMs,
        equal: sameTrialBalance && sameIncomeStatement,
      };
    } finally {
      await store.close();
    }
  } finally {
    await target.drop();
  }
}

export async function benchLedger() {
  mkdirSync(WORK, { recursive: true });
  const sections: string[] = [];
  for (const size of SIZES) {
    const file = path.join(WORK, `generated-${size}.journal`);
    const meta = path.join(WORK, `generated-${size}.json`);
    if (!existsSync(file) || !existsSync(meta)) {
      console.log(`Generating ${fmt(size)} transactions (seed ${SEED})…`);
      writeFileSync(meta, JSON.stringify(await writeJournal(file, { transactions: size, seed: SEED })));
    }
    const journal = JSON.parse(readFileSync(meta, 'utf8')) as { postings: number; from: string; to: string };
    const peerRuns = size >= 1_000_000 ? 1 : 3;
    console.log(
      `${fmt(size)} transactions, ${fmt(journal.postings)} postings, ${journal.from} to ${journal.to}`,
    );
    const hledgerBalanceRun = await medianOf(peerRuns, () =>
      timed('hledger', ['-f', file, 'balance', '-e', nextDay(journal.to)]),
    );
    const hledgerIncome = await medianOf(peerRuns, () =>
      timed('hledger', ['-f', file, 'incomestatement', '-M', '-b', journal.from, '-e', nextDay(journal.to)]),
    );
    const ledgerBalance = await medianOf(peerRuns, () => timed('ledger', ['-f', file, 'balance']));
    console.log('peers', {
      hledgerBalance: hledgerBalanceRun.ms,
      hledgerIncome: hledgerIncome.ms,
      ledgerBalance: ledgerBalance.ms,
    });
    const expected = {
      trialBalance: hledgerBalance(file, ['-e', nextDay(journal.to)]),
      incomeStatement: hledgerBalance(file, ['-b', journal.from, '-e', nextDay(journal.to), 'type:RX']),
    };
    const results: StoreResult[] = [];
    for (const kind of ['postgres', 'pglite'] as const) {
      const result = await benchStore(kind, file, journal, expected);
      console.log(result);
      results.push(result);
    }
    // The issue's targets are set at 1M transactions; smaller runs show the trend.
    const verdict = (ok: boolean) => (size >= 1_000_000 ? (ok ? 'met' : 'NOT met') : '–');
    const reportsTarget = (r: StoreResult) => {
      const limit = r.kind === 'postgres' ? 100 : 300;
      return `≤ ${limit} ms: ${verdict(r.trialBalanceMs <= limit && r.incomeStatementMs <= limit)}`;
    };
    const importTarget = (r: StoreResult) =>
      r.kind === 'postgres'
        ? `≥ 20k/s, < 1.5 GB: ${verdict(r.postingsPerSecond >= 20_000 && r.importPeakMb < 1536)}`
        : `< 1.5 GB: ${verdict(r.importPeakMb < 1536)}`;
    const row = (r: StoreResult) =>
      `| Ordo on ${r.kind === 'postgres' ? 'PostgreSQL' : 'PGlite'} | ${fmt(r.importMs / 1000, 1)} s (${fmt(r.postingsPerSecond)} postings/s, peak ${fmt(r.importPeakMb)} MB) | ${importTarget(r)} | ${fmt(r.trialBalanceMs, 1)} ms | ${fmt(r.incomeStatementMs, 1)} ms | ${reportsTarget(r)} | ${r.equal ? 'equal' : 'DIFFERENT'} |`;
    sections.push(`### ${fmt(size)} transactions (${fmt(journal.postings)} postings, ${journal.from} to ${journal.to})

| what | import | import target | trial balance | income statement, monthly | reports target | figures vs hledger |
|---|---:|---|---:|---:|---|---|
${results.map(row).join('\n')}
| \`hledger balance\` / \`incomestatement -M\` (peer) | | | ${fmt(hledgerBalanceRun.ms)} ms (peak ${fmt(hledgerBalanceRun.peakMb)} MB) | ${fmt(hledgerIncome.ms)} ms (peak ${fmt(hledgerIncome.peakMb)} MB) | | |
| \`ledger balance\` (peer) | | | ${fmt(ledgerBalance.ms)} ms (peak ${fmt(ledgerBalance.peakMb)} MB) | | | |

Ratios: trial balance ${results.map((r) => `${r.kind} ${fmt(hledgerBalanceRun.ms / r.trialBalanceMs)}× faster than hledger, ${fmt(ledgerBalance.ms / r.trialBalanceMs)}× faster than ledger`).join('; ')}; monthly income statement ${results.map((r) => `${r.kind} ${fmt(hledgerIncome.ms / r.incomeStatementMs)}× faster than hledger`).join('; ')}. The peers parse the whole file on every run; Ordo reads its monthly rollups (O(accounts × months)), which the import keeps.`);
  }
  const text = `## Ledger: import and reports at scale

Command: \`npm run bench -- ledger\` (node ${process.version}, ${new Date().toISOString().slice(0, 10)}, hledger ${execFileSync('hledger', ['--version']).toString().split(',')[0]!.replace('hledger ', '')}, ${execFileSync('ledger', ['--version']).toString().split('\n')[0]!.replace('Ledger ', 'ledger ').split(',')[0]}; journals from the seeded generator, seed ${SEED}). Import: \`ordo import hledger FILE\` as its own process, wall time and peak RSS by GNU time. Reports: in process, median of ${REPORT_RUNS} after one warm-up; the peers: median of 3 runs (1 at 1M). Targets: 1M import ≥ 20k postings/s on PostgreSQL with peak RSS < 1.5 GB; trial balance and income statement over 1M transactions ≤ 100 ms on PostgreSQL and ≤ 300 ms on PGlite.

${sections.join('\n\n')}
`;
  writeSection('ledger', text);
  console.log(`\n${text}`);
}
