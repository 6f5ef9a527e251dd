import { createWriteStream, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { systemActor } from '../core/actor.ts';
import { AppError, invalid } from '../core/errors.ts';
import { checkChoice } from '../modules/reports/index.ts';
import type { ImportReport } from '../modules/sales/batch.kit.ts';
import {
  DATE_FORMATS,
  DECIMAL_SEPARATORS,
  DELIMITERS,
  ENCODINGS,
} from '../modules/sales/csv-mapping.domain.ts';
import { importCustomers } from '../modules/sales/customer-import.service.ts';
import { importInvoices } from '../modules/sales/invoice-import.service.ts';
import {
  exportSalesList,
  SALES_EXPORT_FORMATS,
  SALES_LISTS,
  type SalesList,
} from '../modules/sales/sales-export.service.ts';
import {
  type Command,
  type CommandContext,
  clearProgress,
  formatTable,
  orgBySlug,
  requireString,
  showProgress,
} from './command-kit.ts';

// Receivables in bulk from the terminal: CSV import of customers and invoices (the same checks as
// the API: a mapping, a dry run, per-row errors, all or nothing) and CSV/XLSX export of every list.

const IMPORT_OPTIONS = {
  org: { type: 'string' },
  map: { type: 'string', multiple: true },
  'dry-run': { type: 'boolean' },
  json: { type: 'boolean' },
  encoding: { type: 'string' },
  delimiter: { type: 'string' },
  'date-format': { type: 'string' },
  'decimal-separator': { type: 'string' },
  issue: { type: 'boolean' },
} as const;

const optional = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);

/** `--map name=Company --map email=3` as field → header or column number. */
function mappingOf(entries: string[] | undefined): Record<string, string | number> | undefined {
  if (!entries?.length) return undefined;
  const mapping: Record<string, string | number> = {};
  for (const entry of entries) {
    const at = entry.indexOf('=');
    if (at <= 0)
      throw invalid('USAGE', `--map takes FIELD=COLUMN (a header or a column number), not "${entry}".`, {
        field: 'map',
      });
    const column = entry.slice(at + 1);
    mapping[entry.slice(0, at)] = /^\d+$/.test(column) ? Number(column) : column;
  }
  return mapping;
}

function printReport(ctx: CommandContext, report: ImportReport, file: string, org: string): number {
  const what = report.kind;
  if (report.alreadyImported) {
    ctx.io.out(`Already imported into ${org} (import ${report.importId ?? 'in progress'}): nothing added.`);
    return 0;
  }
  if (report.errors.length) {
    const rows = new Set(report.errors.map((e) => e.row)).size;
    ctx.io.out(
      formatTable(
        ['ROW', 'COLUMN', 'ERROR', 'MESSAGE'],
        report.errors.map((e) => [String(e.row), e.column ?? '-', e.code, e.message]),
      ),
    );
    ctx.io.err(`${rows} of ${report.rowsParsed} rows have errors; nothing was imported.`);
    return 1;
  }
  const skipped = report.skipped.length ? ` (${report.skipped.length} already there, skipped)` : '';
  const issued = report.created.filter((c) => c.number).length;
  const numbers = issued
    ? `, ${issued} issued (${report.created[0]!.number} to ${report.created.at(-1)!.number})`
    : '';
  ctx.io.out(
    report.dryRun
      ? `Dry run: ${report.rowsParsed} rows are valid; would import ${report.created.length} ${what}${skipped} from ${file} into ${org}. Nothing written.`
      : `Imported ${report.created.length} ${what}${numbers}${skipped} from ${file} into ${org} (import ${report.importId}).`,
  );
  return 0;
}

function importCommand(kind: 'customers' | 'invoices'): Command {
  return {
    usage: `ordo import ${kind} FILE --org SLUG [--map FIELD=COLUMN …] [--dry-run] [--json]${kind === 'invoices' ? ' [--issue]' : ''} [--encoding auto|utf-8|windows-1252] [--delimiter ,|;] [--date-format DD/MM/YYYY] [--decimal-separator auto|.|,]`,
    summary: `Import ${kind} from a CSV file: all or nothing, errors by row and column; a re-run adds nothing`,
    async run(args, ctx) {
      const { values, positionals } = parseArgs({
        args,
        options: IMPORT_OPTIONS,
        allowPositionals: true,
        strict: true,
      });
      if (positionals.length !== 1)
        throw invalid('USAGE', `Expected 1 argument (the file), got ${positionals.length}.`);
      if (values.issue && kind === 'customers')
        throw invalid('USAGE', '--issue is for invoices.', { field: 'issue' });
      const file = path.resolve(ctx.cwd, positionals[0]!);
      if (!existsSync(file))
        throw new AppError('not_found', 'FILE_NOT_FOUND', `There is no file ${file}.`, { file });
      const svc = await ctx.services();
      const slug = requireString(values, 'org');
      const org = await orgBySlug(svc, slug);
      const request = {
        file: { bytes: new Uint8Array(readFileSync(file)), name: path.basename(file) },
        mapping: mappingOf(values.map),
        dryRun: values['dry-run'] === true,
        encoding: checkChoice(optional(values.encoding) ?? 'auto', 'encoding', ENCODINGS),
        delimiter: checkChoice(
          optional(values.delimiter)?.replace('\\t', '\t') ?? 'auto',
          'delimiter',
          DELIMITERS,
        ),
        dateFormat: checkChoice(optional(values['date-format']) ?? 'YYYY-MM-DD', 'date-format', DATE_FORMATS),
        decimalSeparator: checkChoice(
          optional(values['decimal-separator']) ?? 'auto',
          'decimal-separator',
          DECIMAL_SEPARATORS,
        ),
        onProgress: (p: { done: number; total: number }) =>
          showProgress({
            phase: request.dryRun ? 'Checking' : 'Importing',
            table: kind,
            done: p.done,
            total: p.total,
          }),
      };
      const actor = systemActor(org.id, 'cli');
      const report =
        kind === 'customers'
          ? await importCustomers(svc.store.db, actor, request)
          : await importInvoices(svc.store.db, actor, { ...request, issue: values.issue === true });
      clearProgress();
      if (values.json) {
        ctx.io.out(JSON.stringify(report));
        return report.errors.length ? 1 : 0;
      }
      return printReport(ctx, report, path.basename(file), slug);
    },
  };
}

function exportCommand(list: SalesList): Command {
  const filters =
    list === 'customers'
      ? ' [--q TEXT]'
      : list === 'payments'
        ? ' [--customer ID]'
        : ['invoices', 'credit-notes', 'quotes'].includes(list)
          ? ' [--customer ID] [--status STATUS] [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--q TEXT]'
          : '';
  return {
    usage: `ordo export ${list} --org SLUG [--format csv|xlsx] [--out FILE]${filters}`,
    summary: `Write the ${list.replace('-', ' ')} list as CSV (stdout by default) or XLSX (--out FILE)`,
    async run(args, ctx) {
      const { values, positionals } = parseArgs({
        args,
        options: {
          org: { type: 'string' },
          format: { type: 'string' },
          out: { type: 'string' },
          customer: { type: 'string' },
          status: { type: 'string' },
          from: { type: 'string' },
          to: { type: 'string' },
          q: { type: 'string' },
        },
        allowPositionals: true,
        strict: true,
      });
      if (positionals.length) throw invalid('USAGE', `Expected no arguments, got ${positionals.length}.`);
      const format = checkChoice(optional(values.format) ?? 'csv', 'format', SALES_EXPORT_FORMATS);
      const out = optional(values.out);
      if (format === 'xlsx' && !out)
        throw invalid('USAGE', '--format xlsx writes a file: name it with --out FILE.', { field: 'out' });
      const svc = await ctx.services();
      const org = await orgBySlug(svc, requireString(values, 'org'));
      const file = await exportSalesList(svc.store.db, systemActor(org.id, 'cli'), {
        list,
        format,
        customerId: optional(values.customer),
        status: optional(values.status),
        from: optional(values.from),
        to: optional(values.to),
        q: optional(values.q),
      });
      if (!out) {
        // CSV on stdout, a page at a time.
        const decoder = new TextDecoder();
        for await (const chunk of file.chunks) ctx.io.out(decoder.decode(chunk).replace(/\n$/, ''));
        return 0;
      }
      const target = path.resolve(ctx.cwd, out);
      const stream = createWriteStream(target);
      let bytes = 0;
      for await (const chunk of file.chunks) {
        bytes += chunk.length;
        if (!stream.write(chunk)) await new Promise<void>((r) => stream.once('drain', () => r()));
      }
      await new Promise<void>((resolve, reject) =>
        stream.end((error?: Error | null) => (error ? reject(error) : resolve())),
      );
      ctx.io.out(`Wrote ${target} (${bytes.toLocaleString('en')} bytes).`);
      return 0;
    },
  };
}

/** `ordo import customers|invoices` and `ordo export <list>` for every receivables list. */
export const SALES_BATCH_COMMANDS: Record<string, Command> = {
  'import customers': importCommand('customers'),
  'import invoices': importCommand('invoices'),
  ...Object.fromEntries(SALES_LISTS.map((list) => [`export ${list}`, exportCommand(list)])),
};
