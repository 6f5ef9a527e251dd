import { AppError } from '../core/errors.ts';
import {
  type ArchiveColumn,
  BACKUP_FORMAT,
  BACKUP_VERSION,
  type BackupHeader,
  ident,
  insertRowLines,
  readArchive,
  type SequenceState,
  selectRowLines,
  useCanonicalText,
  writeArchive,
} from './backup-format.ts';
import { type Queryable, queryRows, type Store, sql } from './client.ts';
import { pgError } from './errors.ts';
import { migrationState, runMigrations, shippedMigrations } from './migrate.ts';

export interface BackupProgress {
  /** `verify` is restore's first pass over the archive; `restore` its second, which inserts. */
  phase: 'backup' | 'verify' | 'restore';
  table: string;
  /** Rows handled so far across all tables in this phase, out of `total` (null while verifying). */
  done: number;
  total: number | null;
}
export interface BackupOptions {
  onProgress?: (progress: BackupProgress) => void;
}
export interface BackupResult {
  file: string;
  /** Rows per table, parent tables first. */
  counts: Record<string, number>;
  rows: number;
}

const PAGE_ROWS = 1000;
const BATCH_ROWS = 1000;
const BATCH_BYTES = 4 * 1024 * 1024;

interface TableInfo {
  name: string;
  columns: ArchiveColumn[];
  /** Primary key columns, or `ctid` for a table without one (stable inside the backup's snapshot). */
  key: ArchiveColumn[];
}
interface ForeignKey {
  name: string;
  table: string;
  ref: string;
  def: string;
}
interface Catalog {
  tables: TableInfo[];
  foreignKeys: ForeignKey[];
  sequences: string[];
}

const sum = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);

/**
 * The public schema as the catalog describes it now, so tables added by later migrations are
 * included without a list to maintain. pg_catalog rather than information_schema: it gives exact
 * types (`numeric(12,2)`, `text[]`), generated columns to skip, and partitions to skip (their rows
 * are read through the parent).
 */
async function readCatalog(q: Queryable): Promise<Catalog> {
  const columns = await queryRows<{ table: string; name: string; type: string; key: number | null }>(
    q,
    sql`select c.relname as "table", a.attname as name, format_type(a.atttypid, a.atttypmod) as type,
        array_position(pk.conkey, a.attnum) as key
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped and a.attgenerated = ''
      left join pg_constraint pk on pk.conrelid = c.oid and pk.contype = 'p'
      where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relispartition
      order by c.relname, a.attnum`,
  );
  const foreignKeys = await queryRows<ForeignKey>(
    q,
    sql`select k.conname as name, c.relname as "table", r.relname as ref, pg_get_constraintdef(k.oid) as def
      from pg_constraint k join pg_class c on c.oid = k.conrelid join pg_namespace n on n.oid = c.relnamespace
      join pg_class r on r.oid = k.confrelid join pg_namespace rn on rn.oid = r.relnamespace
      where k.contype = 'f' and k.conparentid = 0 and n.nspname = 'public' and rn.nspname = 'public'
      order by c.relname, k.conname`,
  );
  const sequences = await queryRows<{ name: string }>(
    q,
    sql`select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where c.relkind = 'S' and n.nspname = 'public' order by c.relname`,
  );
  const byName = new Map<string, TableInfo & { keyAt: number[] }>();
  for (const { table, name, type, key } of columns) {
    const info = byName.get(table) ?? { name: table, columns: [], key: [], keyAt: [] };
    info.columns.push({ name, type });
    if (key !== null) info.keyAt[key] = info.columns.length - 1;
    byName.set(table, info);
  }
  const tables = parentFirst([...byName.keys()], foreignKeys).map((name) => {
    const { keyAt, ...info } = byName.get(name)!;
    const key = keyAt.filter((i) => i !== undefined).map((i) => info.columns[i]!);
    return { ...info, key: key.length > 0 ? key : [{ name: 'ctid', type: 'tid' }] };
  });
  return { tables, foreignKeys, sequences: sequences.map((s) => s.name) };
}

/** Topological order, alphabetical among equals so archives are deterministic. */
function parentFirst(names: string[], foreignKeys: ForeignKey[]): string[] {
  const parents = new Map(names.map((n) => [n, new Set<string>()]));
  for (const fk of foreignKeys)
    if (fk.ref !== fk.table && parents.has(fk.ref)) parents.get(fk.table)?.add(fk.ref);
  const remaining = [...names].sort();
  const placed = new Set<string>();
  while (remaining.length > 0) {
    // On a cycle no table is ready; take the first and let restore defer the keys it breaks.
    const ready = remaining.findIndex((n) => [...(parents.get(n) ?? [])].every((p) => placed.has(p)));
    placed.add(remaining.splice(Math.max(ready, 0), 1)[0]!);
  }
  return [...placed];
}

async function* backupLines(q: Queryable, catalog: Catalog, header: BackupHeader, options: BackupOptions) {
  yield JSON.stringify(header);
  let total = 0;
  for (const t of catalog.tables) {
    const [row] = await queryRows<{ n: number }>(
      q,
      sql`select count(*)::int as n from ${sql.raw(ident(t.name))}`,
    );
    total += row?.n ?? 0;
  }
  let done = 0;
  for (const { name, columns, key } of catalog.tables) {
    yield JSON.stringify({ table: name, columns });
    options.onProgress?.({ phase: 'backup', table: name, done, total });
    for await (const page of selectRowLines(q, name, columns, key, PAGE_ROWS)) {
      yield* page;
      done += page.length;
      options.onProgress?.({ phase: 'backup', table: name, done, total });
    }
  }
  const sequences: SequenceState[] = [];
  for (const name of catalog.sequences) {
    const [state] = await queryRows<{ value: string; called: boolean }>(
      q,
      sql`select last_value::text as value, is_called as called from ${sql.raw(ident(name))}`,
    );
    if (state) sequences.push({ name, ...state });
  }
  yield JSON.stringify({ sequences });
}

/**
 * Writes every row of the public schema to `file` (gzip'd JSON lines, see backup-format.ts) from one
 * consistent snapshot. The file appears only when complete.
 */
export async function backupStore(
  store: Store,
  file: string,
  options: BackupOptions = {},
): Promise<BackupResult> {
  const shipped = shippedMigrations();
  const { applied } = await migrationState(store);
  if (applied > shipped.length)
    throw new AppError(
      'conflict',
      'BACKUP_MIGRATIONS',
      'A newer Ordo migrated this database; back it up with that version.',
    );
  const header: BackupHeader = {
    format: BACKUP_FORMAT,
    version: BACKUP_VERSION,
    createdAt: new Date().toISOString(),
    store: store.kind,
    migrations: shipped.slice(0, applied),
  };
  const counts = await store.db.transaction(
    async (tx) => {
      await useCanonicalText(tx);
      return writeArchive(file, backupLines(tx, await readCatalog(tx), header, options));
    },
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );
  return { file, counts, rows: sum(counts) };
}

/**
 * Loads an archive into an empty store in one transaction: afterwards the store holds exactly the
 * archive's data or, after any error, nothing. An unmigrated store is migrated first.
 */
export async function restoreStore(
  store: Store,
  file: string,
  options: BackupOptions = {},
): Promise<BackupResult> {
  for await (const entry of readArchive(file)) {
    if (entry.kind === 'header') await requireSameMigrations(store, entry.header);
    break;
  }
  const catalog = await readCatalog(store.db);
  await requireEmpty(store.db, catalog);
  const plan = await verifyArchive(file, catalog, options);
  const total = sum(plan.counts);
  const position = new Map(plan.tables.map((t, i) => [t, i]));
  // Keys the archive's order cannot satisfy (self references, cycles) are dropped for the load and
  // added back after it, which checks every row against them.
  const deferred = catalog.foreignKeys.filter(
    (fk) => position.has(fk.table) && !((position.get(fk.ref) ?? Infinity) < position.get(fk.table)!),
  );
  let table: TableInfo | undefined;
  try {
    await store.db.transaction(async (tx) => {
      await useCanonicalText(tx);
      await requireEmpty(tx, catalog); // nothing may have arrived since the first check
      for (const fk of deferred)
        await tx.execute(sql.raw(`alter table ${ident(fk.table)} drop constraint ${ident(fk.name)}`));
      let batch: string[] = [];
      let bytes = 0;
      let done = 0;
      const flush = async () => {
        if (table && batch.length > 0) await insertRowLines(tx, table.name, table.columns, batch);
        done += batch.length;
        if (table) options.onProgress?.({ phase: 'restore', table: table.name, done, total });
        batch = [];
        bytes = 0;
      };
      let sequences: SequenceState[] = [];
      for await (const entry of readArchive(file)) {
        if (entry.kind === 'row') {
          batch.push(entry.line);
          bytes += entry.line.length;
          if (batch.length >= BATCH_ROWS || bytes >= BATCH_BYTES) await flush();
          continue;
        }
        await flush();
        if (entry.kind === 'table')
          table = archiveTable(file, catalog, entry.table.table, entry.table.columns);
        else if (entry.kind === 'sequences') sequences = entry.sequences;
      }
      table = undefined;
      for (const fk of deferred)
        await tx.execute(
          sql.raw(`alter table ${ident(fk.table)} add constraint ${ident(fk.name)} ${fk.def}`),
        );
      // setval is not undone by a rollback, so it runs last, once every row is in.
      for (const s of sequences)
        await tx.execute(sql`select setval(${ident(s.name)}::regclass, ${s.value}::bigint, ${s.called})`);
    });
  } catch (error) {
    const pg = pgError(error);
    if (error instanceof AppError || !pg) throw error;
    const where = table ? ` while loading table ${table.name}` : '';
    throw new AppError(
      'unprocessable',
      'RESTORE_FAILED',
      `Restoring ${file} failed${where}: ${pg.message}${pg.detail ? ` (${pg.detail.replace(/\.$/, '')})` : ''}. Nothing was restored.`,
      { file, table: table?.name, code: pg.code },
    );
  }
  return { file, counts: plan.counts, rows: total };
}

const schemaMismatch = (file: string, what: string) =>
  new AppError(
    'conflict',
    'BACKUP_SCHEMA_DIFFERS',
    `The backup ${file} does not match this database's schema (${what}). Nothing was restored.`,
  );

/** The target's table for an archive table, with columns in the archive's order, names and types checked. */
function archiveTable(file: string, catalog: Catalog, name: string, columns: ArchiveColumn[]): TableInfo {
  const table = catalog.tables.find((t) => t.name === name);
  if (!table) throw schemaMismatch(file, `table ${name}`);
  const ordered = columns.map((c) => {
    const column = table.columns.find((t) => t.name === c.name && t.type === c.type);
    if (!column) throw schemaMismatch(file, `column ${name}.${c.name} ${c.type}`);
    return column;
  });
  if (new Set(ordered).size !== table.columns.length) throw schemaMismatch(file, `columns of ${name}`);
  return { ...table, columns: ordered };
}

/** The first pass: checksum, counts and schema are checked before the store is touched. */
async function verifyArchive(file: string, catalog: Catalog, options: BackupOptions) {
  const tables: string[] = [];
  let done = 0;
  for await (const entry of readArchive(file)) {
    if (entry.kind === 'table') {
      archiveTable(file, catalog, entry.table.table, entry.table.columns);
      tables.push(entry.table.table);
    } else if (entry.kind === 'row' && ++done % PAGE_ROWS === 0) {
      options.onProgress?.({ phase: 'verify', table: entry.table, done, total: null });
    } else if (entry.kind === 'sequences') {
      const unknown = entry.sequences.find((s) => !catalog.sequences.includes(s.name));
      if (unknown) throw schemaMismatch(file, `sequence ${unknown.name}`);
    } else if (entry.kind === 'end') {
      return { tables, counts: entry.trailer.counts };
    }
  }
  throw new Error('unreachable: readArchive ends with its trailer or throws');
}

async function requireSameMigrations(store: Store, header: BackupHeader): Promise<void> {
  const shipped = shippedMigrations();
  const unknown = header.migrations.find((tag) => !shipped.includes(tag));
  if (unknown)
    throw new AppError(
      'conflict',
      'BACKUP_NEWER_THAN_CODE',
      `The backup was made by a newer Ordo (migration ${unknown} is unknown here). Upgrade Ordo, then restore.`,
      { migration: unknown },
    );
  let state = await migrationState(store);
  if (state.applied === 0) {
    await runMigrations(store);
    state = await migrationState(store);
  }
  const current = shipped.slice(0, state.applied);
  if (state.applied > shipped.length || current.join('\n') !== header.migrations.join('\n'))
    throw new AppError(
      'conflict',
      'BACKUP_MIGRATIONS_DIFFER',
      `The backup was made at migration ${header.migrations.at(-1) ?? '(none)'}, this database is at ` +
        `${current.at(-1) ?? '(none)'}. Restore into a database at the backup's migration, then upgrade.`,
      { backup: header.migrations.at(-1), database: current.at(-1) },
    );
}

async function requireEmpty(q: Queryable, catalog: Catalog): Promise<void> {
  for (const { name } of catalog.tables) {
    const [row] = await queryRows<{ found: boolean }>(
      q,
      sql`select exists (select 1 from ${sql.raw(ident(name))}) as found`,
    );
    if (row?.found)
      throw new AppError(
        'conflict',
        'RESTORE_TARGET_NOT_EMPTY',
        `Restore needs an empty database, but table ${name} holds rows. Nothing was restored.`,
        { table: name },
      );
  }
}
