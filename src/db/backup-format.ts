import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { AppError } from '../core/errors.ts';
import { type Queryable, queryRows, type StoreKind, sql } from './client.ts';

/**
 * The Ordo backup archive: gzip'd JSON lines.
 *
 *   {"format":"ordo-backup","version":1,"createdAt":…,"store":"pglite","migrations":["0000_foundation",…]}
 *   {"table":"organization","columns":[{"name":"id","type":"text"},…]}
 *   ["org_01…","Acme",null,…]     a row: each value's PostgreSQL text form or null, in `columns` order
 *   …                             (more rows, then the next table; parents before children)
 *   {"sequences":[{"name":"…","value":"42","called":true}]}
 *   {"counts":{"organization":2,…},"sha256":"…"}   trailer: sha256 of all lines above, each with its \n
 */
export const BACKUP_FORMAT = 'ordo-backup';
export const BACKUP_VERSION = 1;

export interface BackupHeader {
  format: typeof BACKUP_FORMAT;
  version: number;
  createdAt: string;
  store: StoreKind;
  migrations: string[];
}
export interface ArchiveColumn {
  name: string;
  /** As `format_type` prints it: `bigint`, `numeric(12,2)`, `text[]`, `timestamp with time zone`. */
  type: string;
}
export interface TableHeader {
  table: string;
  columns: ArchiveColumn[];
}
export interface SequenceState {
  name: string;
  value: string;
  called: boolean;
}
export interface Trailer {
  counts: Record<string, number>;
  sha256: string;
}
export type ArchiveEntry =
  | { kind: 'header'; header: BackupHeader }
  | { kind: 'table'; table: TableHeader }
  | { kind: 'row'; table: string; line: string }
  | { kind: 'sequences'; sequences: SequenceState[] }
  | { kind: 'end'; trailer: Trailer };

export const ident = (name: string) => `"${name.replaceAll('"', '""')}"`;

/**
 * Text is every type's lossless I/O form (bigint, numeric, jsonb `null` vs SQL NULL, arrays, bytea),
 * provided these settings are fixed: then a value prints the same on any server and reads back equal.
 */
export async function useCanonicalText(q: Queryable): Promise<void> {
  await q.execute(
    sql`select set_config('datestyle', 'ISO, YMD', true), set_config('intervalstyle', 'postgres', true),
      set_config('timezone', 'UTC', true), set_config('extra_float_digits', '3', true),
      set_config('bytea_output', 'hex', true)`,
  );
}

/**
 * Rows as archive lines, built as JSON by the server and never parsed in JS (where big numbers would
 * lose digits). Keyset pages over `key` keep memory bounded and need no OFFSET scans.
 */
export async function* selectRowLines(
  q: Queryable,
  table: string,
  columns: ArchiveColumn[],
  key: ArchiveColumn[],
  pageRows: number,
): AsyncGenerator<string[]> {
  const name = (c: ArchiveColumn) => (c.name === 'ctid' && c.type === 'tid' ? 'ctid' : ident(c.name));
  const values = columns.map((c) => `${ident(c.name)}::text`).join(', ');
  const keys = key.map(name).join(', ');
  const keyText = key.map((c) => `${name(c)}::text`).join(', ');
  let after: string[] | undefined;
  for (;;) {
    const bound = after?.map((v, i) => sql`${v}::${sql.raw(key[i]!.type)}`);
    const page = await queryRows<{ line: string; key: string }>(
      q,
      sql`select to_json(array[${sql.raw(values)}]::text[])::text as line, to_json(array[${sql.raw(keyText)}])::text as key
        from ${sql.raw(ident(table))}
        ${bound ? sql`where (${sql.raw(keys)}) > (${sql.join(bound, sql`, `)})` : sql``}
        order by ${sql.raw(keys)} limit ${pageRows}`,
    );
    if (page.length > 0) yield page.map((r) => r.line);
    if (page.length < pageRows) return;
    after = JSON.parse(page[page.length - 1]!.key) as string[];
  }
}

/**
 * Inserts archive lines; the server turns each text back into a value of the column's type. Types
 * must come from the target's catalog, never from the archive. OVERRIDING keeps identity values.
 */
export async function insertRowLines(q: Queryable, table: string, columns: ArchiveColumn[], lines: string[]) {
  const targets = columns.map((c) => ident(c.name)).join(', ');
  const casts = columns.map((c, i) => `(e->>${i})::${c.type}`).join(', ');
  await q.execute(
    sql`insert into ${sql.raw(ident(table))} (${sql.raw(targets)}) overriding system value
      select ${sql.raw(casts)} from jsonb_array_elements(${`[${lines.join(',')}]`}::jsonb) as e`,
  );
}

/**
 * Writes `lines` (JSON text, header first) and the trailer to `file`. Streams with backpressure, and
 * the file appears under its name only once complete; a failed backup leaves no file behind.
 */
export async function writeArchive(
  file: string,
  lines: AsyncIterable<string>,
): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  async function* sealed() {
    const hash = createHash('sha256');
    let table = '';
    let chunk = '';
    for await (const line of lines) {
      if (line.startsWith('[')) counts[table] = (counts[table] ?? 0) + 1;
      else if (line.startsWith('{"table"')) {
        table = (JSON.parse(line) as TableHeader).table;
        counts[table] = 0;
      }
      chunk += `${line}\n`;
      if (chunk.length >= 65536) {
        hash.update(chunk);
        yield chunk;
        chunk = '';
      }
    }
    yield `${chunk}${JSON.stringify({ counts, sha256: hash.update(chunk).digest('hex') } satisfies Trailer)}\n`;
  }
  const partial = `${file}.partial`;
  try {
    await pipeline(Readable.from(sealed()), createGzip(), createWriteStream(partial));
    await rename(partial, file);
    return counts;
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
}

const damaged = (file: string, why: string) =>
  new AppError('invalid', 'BACKUP_DAMAGED', `The backup ${file} is damaged: ${why}. Nothing was restored.`, {
    file,
  });
const notBackup = (file: string) =>
  new AppError('invalid', 'BACKUP_FORMAT', `${file} is not an Ordo backup.`, { file });

/** The archive's lines as raw bytes (without \n); a last line without \n means truncation. */
async function* readLines(file: string): AsyncGenerator<Buffer> {
  const input = createReadStream(file);
  const gunzip = createGunzip();
  input.on('error', (error) => gunzip.destroy(error));
  input.pipe(gunzip);
  try {
    let pending: Buffer[] = [];
    for await (const chunk of gunzip as AsyncIterable<Buffer>) {
      let start = 0;
      for (let nl = chunk.indexOf(10); nl !== -1; nl = chunk.indexOf(10, start)) {
        yield Buffer.concat([...pending, chunk.subarray(start, nl)]);
        pending = [];
        start = nl + 1;
      }
      if (start < chunk.length) pending.push(chunk.subarray(start));
    }
    if (pending.length > 0) throw damaged(file, 'it ends in the middle of a line (truncated)');
  } catch (error) {
    if (error instanceof AppError) throw error;
    const { code, message } = error as { code?: string; message?: string };
    if (code === 'ENOENT') throw new AppError('not_found', 'BACKUP_NOT_FOUND', `There is no file ${file}.`);
    if (code === 'Z_DATA_ERROR' && /header/.test(String(message))) throw notBackup(file);
    throw damaged(file, `it cannot be decompressed (${message}); it may be truncated`);
  } finally {
    input.destroy();
    gunzip.destroy();
  }
}

function parseLine(file: string, line: Buffer): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(line.toString('utf8'));
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {}
  throw damaged(file, 'a line is not valid JSON');
}

function parseHeader(file: string, line: Buffer): BackupHeader {
  let header: Partial<BackupHeader> | null = null;
  try {
    header = JSON.parse(line.toString('utf8')) as Partial<BackupHeader> | null;
  } catch {}
  if (header?.format !== BACKUP_FORMAT) throw notBackup(file);
  if (header.version !== BACKUP_VERSION)
    throw new AppError(
      'invalid',
      'BACKUP_VERSION',
      `${file} is in backup format version ${header.version}; this Ordo reads version ${BACKUP_VERSION}. Restore it with a newer Ordo.`,
      { file, version: header.version },
    );
  if (!Array.isArray(header.migrations)) throw damaged(file, 'its header lists no migrations');
  return header as BackupHeader;
}

/**
 * Reads an archive as a stream and checks it: header first, rows only inside a table, the trailer's
 * checksum and counts, nothing after the trailer. `end` comes only once every check passed, so a
 * consumer inserting inside a transaction rolls back on any damage.
 */
export async function* readArchive(file: string): AsyncGenerator<ArchiveEntry> {
  const hash = createHash('sha256');
  const counts = new Map<string, number>();
  let table: string | undefined;
  let first = true;
  const lines = readLines(file);
  for await (const line of lines) {
    if (first) {
      first = false;
      const header = parseHeader(file, line);
      hash.update(line).update('\n');
      yield { kind: 'header', header };
      continue;
    }
    if (line[0] === 0x5b /* [ */) {
      if (table === undefined) throw damaged(file, 'a row comes before any table');
      hash.update(line).update('\n');
      counts.set(table, (counts.get(table) ?? 0) + 1);
      yield { kind: 'row', table, line: line.toString('utf8') };
      continue;
    }
    const entry = parseLine(file, line);
    if (typeof entry.sha256 === 'string') {
      const trailer = entry as unknown as Trailer;
      if (trailer.sha256 !== hash.digest('hex'))
        throw damaged(file, 'its checksum does not match its content');
      const expected = Object.entries(trailer.counts ?? {});
      if (expected.length !== counts.size || expected.some(([name, n]) => counts.get(name) !== n))
        throw damaged(file, 'its row counts do not match its content');
      if (!(await lines.next()).done) throw damaged(file, 'there is data after its trailer');
      yield { kind: 'end', trailer };
      return;
    }
    hash.update(line).update('\n');
    if (typeof entry.table === 'string' && Array.isArray(entry.columns)) {
      if (counts.has(entry.table)) throw damaged(file, `table ${entry.table} appears twice`);
      table = entry.table;
      counts.set(table, 0);
      yield { kind: 'table', table: entry as unknown as TableHeader };
    } else if (Array.isArray(entry.sequences)) {
      table = undefined;
      yield { kind: 'sequences', sequences: entry.sequences as SequenceState[] };
    } else {
      throw damaged(file, 'a line has an unknown shape');
    }
  }
  throw damaged(file, first ? 'it is empty' : 'it ends before its trailer (truncated)');
}
