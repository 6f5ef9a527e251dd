import { createHash } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import type { Actor } from '../../core/actor.ts';
import { AppError } from '../../core/errors.ts';
import { newId } from '../../core/ids.ts';
import { type Db, type Queryable, sql, type Tx } from '../../db/client.ts';
import { pgError, UNIQUE_VIOLATION } from '../../db/errors.ts';
import { withOrg } from '../../db/tenancy.ts';
import {
  type CsvTable,
  type DateFormat,
  type FieldSpec,
  guessDecimalSeparator,
  type ReadOptions,
  type RowError,
  RowReader,
  resolveMapping,
  suggestMapping,
  tableOf,
} from './csv-mapping.domain.ts';
import { recordChange } from './sales.kit.ts';
import { salesTaxRate } from './sales.table.ts';
import { salesImport, salesImportRecord } from './sales-import.table.ts';
import type { TaxRate } from './tax.service.ts';

// What the customer and invoice imports share: the file read and mapped, the run in one
// transaction that is rolled back for a dry run or any row error (all or nothing), the content key
// (a file imported before adds nothing), and lookups of tax rates by name or percent.

export type ImportKind = 'customers' | 'invoices';

export interface ImportRequest extends ReadOptions {
  /** The file's bytes (decoded by `encoding`), or its text. */
  file: { bytes?: Uint8Array; text?: string; name?: string | null };
  /** Field → header or column number (1 = the first); default: guessed from the headers. */
  mapping?: Record<string, string | number>;
  dryRun?: boolean;
  onProgress?: (p: { phase: 'checking' | 'importing'; done: number; total: number }) => void;
}

export interface ImportedRecord {
  /** The file rows it came from. */
  rows: number[];
  /** Its reference in the file (a customer's external id, an invoice's reference), if any. */
  reference: string | null;
  id: string;
  /** An issued invoice's number. */
  number?: string | null;
}

export interface ImportReport {
  kind: ImportKind;
  dryRun: boolean;
  /** This very file was imported before (`importId`): nothing was added. */
  alreadyImported: boolean;
  importId: string | null;
  encoding: CsvTable['encoding'];
  delimiter: CsvTable['delimiter'];
  decimalSeparator: '.' | ',';
  dateFormat: DateFormat;
  /** Field → the header it was read from. */
  mapping: Record<string, string>;
  rowsParsed: number;
  rowsValid: number;
  /** Empty when the import went through (or would have). */
  errors: RowError[];
  /** Created, or in a dry run what would be created (ids are then not kept). */
  created: ImportedRecord[];
  /** Rows that name a record that exists already (imported before, or the same email, name or reference). */
  skipped: (ImportedRecord & { reason: string })[];
}

/** At most this many errors are listed; a file with more is likely mapped wrongly. */
export const MAX_ERRORS = 500;

/** Everything one import's planner needs. */
export interface ImportContext {
  tx: Tx;
  actor: Actor;
  table: CsvTable;
  reader: RowReader;
  report: ImportReport;
  importId: string;
  decimalSeparator: '.' | ',';
  dateFormat: DateFormat;
  progress: (done: number) => void;
}

class Rollback extends Error {}

/** Runs `work` under a savepoint: a refusal (AppError) undoes only its writes and is returned. */
export async function attempt<T>(tx: Tx, work: () => Promise<T>): Promise<T | AppError> {
  await tx.execute(sql`savepoint sales_import_record`);
  try {
    const result = await work();
    await tx.execute(sql`release savepoint sales_import_record`);
    return result;
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    await tx.execute(sql`rollback to savepoint sales_import_record`);
    return error;
  }
}

/** The fields a file's headers suggest, and what the file looks like, without importing anything. */
export function previewImport(
  request: Omit<ImportRequest, 'mapping' | 'dryRun'>,
  fields: readonly FieldSpec[],
) {
  const table = tableOf(request.file, request);
  return {
    encoding: table.encoding,
    delimiter: table.delimiter,
    headers: table.headers,
    rowCount: table.rows.length,
    preview: table.rows.slice(0, 5).map((r) => r.cells),
    mapping: suggestMapping(table.headers, fields),
    fields: fields.map((f) => ({ key: f.key, label: f.label, required: f.required === true })),
  };
}

/**
 * Reads and maps the file, then runs `plan` in one transaction of the actor's organization. The
 * transaction is rolled back when any row has an error or for a dry run, so nothing is written
 * unless every row can be; a file imported before returns at once with `alreadyImported`.
 */
export async function runImport(
  db: Db,
  actor: Actor,
  kind: ImportKind,
  request: ImportRequest,
  fields: readonly FieldSpec[],
  plan: (ctx: ImportContext) => Promise<void>,
): Promise<ImportReport> {
  const table = tableOf(request.file, request);
  const columns = resolveMapping(
    table.headers,
    request.mapping ?? suggestMapping(table.headers, fields),
    fields,
  );
  const hash = createHash('sha256')
    .update(request.file.bytes ?? request.file.text ?? '')
    .digest('hex');
  const numeric = fields
    .filter((f) => /amount|price|quantity|percent/i.test(f.key))
    .map((f) => columns.get(f.key));
  const decimalSeparator =
    request.decimalSeparator && request.decimalSeparator !== 'auto'
      ? request.decimalSeparator
      : guessDecimalSeparator(
          table.rows.flatMap((r) => numeric.flatMap((i) => (i === undefined ? [] : [r.cells[i] ?? '']))),
        );
  const errors: RowError[] = [];
  const reader = new RowReader(table.headers, columns, errors);
  const report: ImportReport = {
    kind,
    dryRun: request.dryRun === true,
    alreadyImported: false,
    importId: null,
    encoding: table.encoding,
    delimiter: table.delimiter,
    decimalSeparator,
    dateFormat: request.dateFormat ?? 'YYYY-MM-DD',
    mapping: Object.fromEntries(
      [...columns].map(([field, i]) => [field, table.headers[i] || `column ${i + 1}`]),
    ),
    rowsParsed: table.rows.length,
    rowsValid: 0,
    errors,
    created: [],
    skipped: [],
  };
  const finish = () => {
    const bad = new Set(errors.map((e) => e.row));
    report.rowsValid = table.rows.filter((r) => !bad.has(r.row)).length;
    report.errors = errors.sort((a, b) => a.row - b.row).slice(0, MAX_ERRORS);
    return report;
  };
  try {
    return await withOrg(db, actor.orgId, async (tx) => {
      const [previous] = await tx
        .select({ id: salesImport.id })
        .from(salesImport)
        .where(
          and(
            eq(salesImport.orgId, actor.orgId),
            eq(salesImport.kind, kind),
            eq(salesImport.contentHash, hash),
          ),
        );
      if (previous) return alreadyImported(report, previous.id);
      const importId = newId('imp');
      // Taken first: a second run of the same file waits here for this one, then finds it.
      await tx.insert(salesImport).values({
        orgId: actor.orgId,
        id: importId,
        kind,
        contentHash: hash,
        fileName: request.file.name ?? null,
        rowCount: table.rows.length,
        createdCount: 0,
        created: [],
        importedBy: actor.id,
      });
      let last = 0;
      const progress = (done: number) => {
        if (!request.onProgress || (done - last < 200 && done !== table.rows.length)) return;
        last = done;
        request.onProgress({ phase: 'importing', done, total: table.rows.length });
      };
      await plan({
        tx,
        actor,
        table,
        reader,
        report,
        importId,
        decimalSeparator,
        dateFormat: report.dateFormat,
        progress,
      });
      if (errors.length > 0 || report.dryRun) throw new Rollback();
      report.importId = importId;
      await tx
        .update(salesImport)
        .set({ createdCount: report.created.length, created: report.created })
        .where(and(eq(salesImport.orgId, actor.orgId), eq(salesImport.id, importId)));
      await recordChange(
        tx,
        actor,
        {
          entity: 'sales_import',
          entityId: importId,
          action: 'create',
          after: {
            kind,
            fileName: request.file.name ?? null,
            rows: table.rows.length,
            created: report.created.length,
          },
        },
        'sales_import.completed',
        { kind, created: report.created.length, skipped: report.skipped.length },
      );
      return finish();
    });
  } catch (error) {
    if (error instanceof Rollback) return finish();
    if (
      pgError(error)?.code === UNIQUE_VIOLATION &&
      /sales_import_content_uq/.test(String(pgError(error)?.message))
    )
      return alreadyImported(report, null);
    throw error;
  }
}

function alreadyImported(report: ImportReport, importId: string | null): ImportReport {
  return { ...report, alreadyImported: true, importId, rowsValid: report.rowsParsed };
}

/** Remembers what a reference in the file became, so a later file naming it adds nothing. */
export async function rememberReference(
  ctx: ImportContext,
  reference: string,
  target: { customerId: string } | { documentId: string },
) {
  await ctx.tx.insert(salesImportRecord).values({
    orgId: ctx.actor.orgId,
    kind: ctx.report.kind,
    reference,
    importId: ctx.importId,
    customerId: 'customerId' in target ? target.customerId : null,
    documentId: 'documentId' in target ? target.documentId : null,
  });
}

/** References imported before, of one kind: reference → customer or document id. */
export async function importedReferences(
  q: Queryable,
  orgId: string,
  kind: ImportKind,
): Promise<Map<string, string>> {
  const rows = await q
    .select()
    .from(salesImportRecord)
    .where(and(eq(salesImportRecord.orgId, orgId), eq(salesImportRecord.kind, kind)));
  return new Map(rows.map((r) => [r.reference, (r.customerId ?? r.documentId)!]));
}

/** Finds a tax rate as a file names it: its id, its name (any case) or its percent (`20`, `20 %`). */
export class TaxRateFinder {
  private constructor(private readonly rates: TaxRate[]) {}

  static async load(q: Queryable, orgId: string): Promise<TaxRateFinder> {
    const rows = await q
      .select()
      .from(salesTaxRate)
      .where(and(eq(salesTaxRate.orgId, orgId), isNull(salesTaxRate.archivedAt)));
    return new TaxRateFinder(rows.map(({ orgId: _, ...r }) => r));
  }

  find(text: string): TaxRate {
    const wanted = text.trim().toLowerCase();
    const byName = this.rates.find((r) => r.id === text.trim() || r.name.trim().toLowerCase() === wanted);
    if (byName) return byName;
    const percent = /^(\d{1,3}(?:[.,]\d+)?)\s*%?$/.exec(wanted)?.[1]?.replace(',', '.');
    const same = percent === undefined ? [] : this.rates.filter((r) => Number(r.percent) === Number(percent));
    if (same.length === 1) return same[0]!;
    if (same.length > 1)
      throw new AppError(
        'invalid',
        'AMBIGUOUS_TAX_RATE',
        `${same.length} tax rates are ${percent} % (${same.map((r) => r.name).join(', ')}); name the one you mean.`,
      );
    throw new AppError(
      'invalid',
      'UNKNOWN_TAX_RATE',
      `No tax rate is named or set at "${text.slice(0, 40)}"; the rates are ${this.rates.map((r) => `${r.name} (${r.percent} %)`).join(', ') || 'not set up yet'}.`,
    );
  }
}

/** A text cell longer than the field takes becomes a row error. */
export function fits(reader: RowReader, row: number, field: string, value: string | undefined, max: number) {
  if (value !== undefined && value.length > max) {
    reader.fail(row, field, 'TOO_LONG', `At most ${max} characters (this has ${value.length}).`);
    return undefined;
  }
  return value;
}
