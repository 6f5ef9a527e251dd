import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../core/ids.ts';
import { adminQuery, databaseUrl } from './admin.ts';
import { type BackupProgress, backupStore, restoreStore } from './backup.ts';
import { openPostgres, queryRows, type Store, schema, sql, wrapPglite } from './client.ts';
import { runMigrations, shippedMigrations } from './migrate.ts';
import { createTestStore } from './test-db.ts';

// Tables no migration has: exotic types, a self-reference, identity and generated columns, no
// primary key, a free-standing sequence. Backup must find them through the catalog alone.
const PROBE_DDL = `
create table backup_probe (
  id integer generated always as identity primary key,
  parent_id integer references backup_probe (id),
  "Odd ""name""" text, n numeric, f double precision, r real, b bytea, j jsonb, js json,
  iv interval, d date, ts timestamp, tstz timestamptz, tags text[], grid integer[][], flag boolean,
  u uuid, big bigint, twice integer generated always as (id * 2) stored
);
create table backup_probe_log (note text, n integer);
create sequence backup_probe_counter;`;

/** A logo holding every byte value (NUL, high bytes, backslash, quote), as bytea must carry them all. */
const LOGO_BYTES = new Uint8Array([
  0x89,
  0x50,
  0x4e,
  0x47,
  0x0d,
  0x0a,
  0x1a,
  0x0a,
  ...Array.from({ length: 512 }, (_, i) => (i * 7) % 256),
]);

/** The logo's bytes as the store returns them through the company table. */
async function logoBytes(store: Store): Promise<Uint8Array | undefined> {
  const [row] = await store.db.select({ bytes: schema.companyLogo.bytes }).from(schema.companyLogo);
  return row?.bytes;
}

async function fill(store: Store): Promise<void> {
  const [orgA, orgB] = ['org_a', 'org_b'];
  await store.db.insert(schema.organization).values([
    { id: orgA, name: 'Ærøskøbing "Bakery" & Co', slug: 'aero', metadata: '{"note":"line1\\nline2"}' },
    { id: orgB, name: "O'Brien\t日本語 🎉", slug: 'obrien', logo: null, metadata: null },
  ]);
  await store.db.insert(schema.user).values(
    ['ann', 'bob', 'cyd'].map((n, i) => ({
      id: `usr_${n}`,
      name: i === 1 ? 'Bob "Bobby" \\ Tables\r\n' : `${n} Ünïcødé`,
      email: `${n}@example.com`,
      emailVerified: i % 2 === 0,
      twoFactorEnabled: i === 2 ? null : i === 0,
    })),
  );
  await store.db.insert(schema.member).values([
    { organizationId: orgA, id: 'mem_1', userId: 'usr_ann', role: 'owner' },
    { organizationId: orgA, id: 'mem_2', userId: 'usr_bob', role: 'member' },
    { organizationId: orgB, id: 'mem_3', userId: 'usr_cyd', role: 'owner' },
  ]);
  await store.db.insert(schema.apiKey).values([
    {
      orgId: orgA,
      id: 'key_1',
      name: 'CI',
      role: 'admin',
      prefix: 'ok_1',
      keyHash: 'h1',
      createdBy: 'usr_ann',
    },
    {
      orgId: orgB,
      id: 'key_2',
      name: 'old',
      role: 'member',
      prefix: 'ok_2',
      keyHash: 'h2',
      revokedAt: new Date(),
    },
  ]);
  await store.db.insert(schema.companyProfile).values({
    orgId: orgA,
    legalName: 'Ærøskøbing Bakery ApS',
    country: 'DK',
    baseCurrency: 'DKK',
    fiscalYearStart: '07-01',
    taxIds: [{ scheme: 'VAT', value: 'DK 12 34 56 78' }],
  });
  await store.db.insert(schema.companyLogo).values({
    orgId: orgA,
    contentType: 'image/png',
    bytes: LOGO_BYTES,
    sha256: createHash('sha256').update(LOGO_BYTES).digest('hex'),
    byteSize: LOGO_BYTES.length,
    width: 1,
    height: 1,
  });
  await store.db.insert(schema.account).values({
    id: 'acc_1',
    accountId: 'usr_ann',
    providerId: 'credential',
    userId: 'usr_ann',
    password: 'scrypt$abc',
  });
  await store.execScript(`
    insert into audit_log (org_id, seq, at, actor_kind, actor_id, entity, entity_id, action, before, after, prev_hash, hash)
    select case when i <= 1300 then 'org_a' else 'org_b' end,
      case when i <= 1300 then i else 9007199254740993 + i end,
      timestamptz '2024-03-10 01:59:59.123456+00' + i * interval '1 second 7 microseconds',
      'user', 'usr_ann', 'invoice', 'inv_' || i, 'update',
      case when i % 3 = 0 then null when i % 3 = 1 then 'null'::jsonb
        else jsonb_build_object('total', 12345678901234567890123, 'memo', E'tab\\t"quote"\\nü', 'i', i) end,
      jsonb_build_object('lines', jsonb_build_array(1.50, 'x', null, true), 'big', 9223372036854775807),
      'prev' || i, 'hash' || i
    from generate_series(1, 2600) as i;
    insert into outbox_event (org_id, id, type, payload, status, delivered_to, attempts, last_error, created_at, delivered_at)
    select 'org_b', 'evt_' || lpad(i::text, 5, '0'), 'invoice.created', jsonb_build_object('n', i, 'empty', '{}'::jsonb),
      'delivered', array['webhook:a,b', 'with "quotes"', 'NULL', '', E'back\\\\slash'],
      i, case when i % 2 = 0 then E'boom\\nstack' end, now(), timestamptz 'infinity'
    from generate_series(1, 1200) as i;
    insert into job_schedule (id, name, org_id, handler, rrule, starts_at, payload, planned_until)
      values ('sch_1', 'nightly', 'org_a', 'reminders', 'FREQ=DAILY', '2024-01-01 00:00:00.000001+00', '{"a":[]}', null);
    insert into job_run (id, schedule_id, handler, org_id, payload, scheduled_for, status, attempts, missed, started_at, finished_at, error)
      values ('run_1', 'sch_1', 'reminders', 'org_a', '{}', '2024-01-02 00:00:00+00', 'failed', 3, 1,
        '2024-01-02 00:00:01.5+00', '2024-01-02 00:00:02.999999+00', E'Error: "x"\\n  at y');
    insert into rate_limit (id, key, count, last_request) values ('rl_1', 'ip:1', 7, 9223372036854775807);
    insert into idempotency_key (org_id, key, request_hash, status, response_status, response_body)
      values ('org_a', 'idem-1', 'rh', 'done', 201, '{"id": "inv_1", "amount": 99999999999999999999}');
    ${PROBE_DDL}
    insert into backup_probe ("Odd ""name""", n, f, r, b, j, js, iv, d, ts, tstz, tags, grid, flag, u, big) values
      (E'tab\\there "q" \\\\ back\\nnew ✓ 日本 🎉', 123456789012345678901234567890.123456789, 1.0000000000000002, 3.4028235e38,
       '\\x00ff10', 'null', '{"b": 1,  "a": [1, 2.50], "b": 2}', '1 year 2 mons 3 days 04:05:06.789', '2024-02-29',
       '2024-01-01 12:34:56.123456', '2024-06-30 23:59:59.999999+05:30', array['a,b', 'quote "x"', null, '', 'NULL'],
       '{{1,2},{3,4}}', true, 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', -9223372036854775808),
      (null, 'NaN', 'NaN', '-Infinity', '', null, null, '-00:00:00.000001', '-infinity', 'infinity', 'infinity', '{}', null, false, null, 0),
      ('third', 0.000000000000000000000000000001, 5e-324, 1.17549435e-38, null, '{"n": 12345678901234567890123, "s": "\\u00e9"}',
       '"just a string"', null, '0044-03-15 BC', null, '1970-01-01 00:00:00+00', null, '{{{7}}}', null, null, 9223372036854775807);
    update backup_probe set parent_id = 3 where id = 1;
    update backup_probe set parent_id = 1 where id = 3;
    insert into backup_probe_log values ('dup', 1), ('dup', 1), (null, null);
    select setval('backup_probe_counter', 41);`);
}

/** Every table's rows (and every sequence's state) as text, in a stable order, to compare stores. */
async function snapshot(store: Store): Promise<Record<string, string[]>> {
  return store.db.transaction(async (tx) => {
    await tx.execute(
      sql`select set_config('timezone', 'UTC', true), set_config('extra_float_digits', '3', true)`,
    );
    const relations = await queryRows<{ name: string; kind: string }>(
      tx,
      sql`select c.relname as name, c.relkind::text as kind from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'public' and c.relkind in ('r', 'S') order by 1`,
    );
    const out: Record<string, string[]> = {};
    for (const { name, kind } of relations) {
      const query =
        kind === 'S'
          ? sql`select last_value::text || ' ' || is_called::text as r from ${sql.identifier(name)}`
          : sql`select t::text as r from ${sql.identifier(name)} t order by t::text collate "C"`;
      out[name] = (await queryRows<{ r: string }>(tx, query)).map((row) => row.r);
    }
    return out;
  });
}

async function rowCount(store: Store): Promise<number> {
  const tables = await queryRows<{ name: string }>(
    store.db,
    sql`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`,
  );
  let total = 0;
  for (const { name } of tables)
    total += (
      await queryRows<{ n: number }>(store.db, sql`select count(*)::int as n from ${sql.identifier(name)}`)
    )[0]!.n;
  return total;
}

/** An empty target that knows the probe tables (they come from no migration). */
async function emptyTarget(): Promise<Store> {
  const store = await createTestStore();
  await store.execScript(PROBE_DDL);
  return store;
}

const archiveLines = (file: string) =>
  gunzipSync(readFileSync(file)).toString('utf8').split('\n').slice(0, -1);

/** Writes lines as an archive, with a freshly computed trailer, as a careful forger would. */
function writeSealed(file: string, lines: string[]): void {
  const body = lines.filter((l) => !l.startsWith('{"counts"'));
  const counts: Record<string, number> = {};
  let table = '';
  for (const line of body) {
    if (line.startsWith('{"table"')) {
      table = (JSON.parse(line) as { table: string }).table;
      counts[table] = 0;
    } else if (line.startsWith('[')) counts[table] = (counts[table] ?? 0) + 1;
  }
  const text = body.map((l) => `${l}\n`).join('');
  const sha256 = createHash('sha256').update(text).digest('hex');
  writeFileSync(file, gzipSync(`${text}${JSON.stringify({ counts, sha256 })}\n`));
}

describe('backup and restore', () => {
  let source: Store;
  let original: Record<string, string[]>;
  let dir: string;
  let archive: string;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'ordo-backup-'));
    source = await createTestStore();
    await fill(source);
    original = await snapshot(source);
    archive = path.join(dir, 'source.ordo-backup');
    await backupStore(source, archive);
  });
  afterAll(async () => {
    await source?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('restores every table, value and sequence exactly', async () => {
    const target = await emptyTarget();
    try {
      const progress: BackupProgress[] = [];
      const result = await restoreStore(target, archive, { onProgress: (p) => progress.push(p) });
      expect(await snapshot(target)).toEqual(original);
      expect(result.rows).toBe(3823); // 2 orgs, 3 users, 3 members, 2 keys, 1 account, 2600 audit, 1200 events, 4 single rows, company profile + logo, 3+3 probe rows
      expect(progress.at(-1)).toMatchObject({ phase: 'restore', done: result.rows, total: result.rows });
      // The identity sequence came along: the next row does not collide with restored ids.
      const [next] = await queryRows<{ id: number }>(
        target.db,
        sql`insert into backup_probe default values returning id`,
      );
      expect(next?.id).toBe(4);
    } finally {
      await target.close();
    }
  });

  it('writes the documented format, parents before children', () => {
    const lines = archiveLines(archive);
    const header = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(header).toMatchObject({ format: 'ordo-backup', version: 1, migrations: shippedMigrations() });
    const tables = lines
      .filter((l) => l.startsWith('{"table"'))
      .map((l) => (JSON.parse(l) as { table: string }).table);
    const parentFirst = (a: string, b: string) => expect(tables.indexOf(a)).toBeLessThan(tables.indexOf(b));
    parentFirst('organization', 'member');
    parentFirst('user', 'member');
    parentFirst('job_schedule', 'job_run');
    parentFirst('organization', 'audit_log');
    const trailer = JSON.parse(lines.at(-1)!) as { counts: Record<string, number>; sha256: string };
    expect(trailer.counts).toMatchObject({ audit_log: 2600, outbox_event: 1200, backup_probe_log: 3 });
    expect(lines).toContain('["rl_1","ip:1","7","9223372036854775807"]');
  });

  it.skipIf(!process.env.TEST_DATABASE_URL)(
    'round-trips through PostgreSQL and back into PGlite',
    async () => {
      const serverUrl = process.env.TEST_DATABASE_URL!;
      const name = newId('ordo_bk');
      await adminQuery(serverUrl, `CREATE DATABASE "${name}"`);
      const postgres = openPostgres(databaseUrl(serverUrl, name), 3);
      const pglite = wrapPglite(await PGlite.create());
      try {
        await postgres.execScript(PROBE_DDL);
        await restoreStore(postgres, archive); // unmigrated: restore migrates it first
        const second = path.join(dir, 'postgres.ordo-backup');
        await backupStore(postgres, second);
        await runMigrations(pglite);
        await pglite.execScript(PROBE_DDL);
        await restoreStore(pglite, second);
        expect(await snapshot(postgres)).toEqual(original);
        expect(await snapshot(pglite)).toEqual(original);
        // The logo's bytes, read back through the company table after PGlite → PostgreSQL → PGlite.
        expect(await logoBytes(source)).toEqual(LOGO_BYTES);
        expect(await logoBytes(postgres)).toEqual(LOGO_BYTES);
        expect(await logoBytes(pglite)).toEqual(LOGO_BYTES);
      } finally {
        await pglite.close();
        await postgres.close();
        await adminQuery(serverUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      }
    },
    120_000, // migrates two empty stores and restores into both: a minute on a loaded machine
  );

  it('refuses a target that holds data and leaves it as it was', async () => {
    const target = await emptyTarget();
    try {
      await target.db.insert(schema.user).values({ id: 'usr_x', name: 'X', email: 'x@example.com' });
      const before = await snapshot(target);
      await expect(restoreStore(target, archive)).rejects.toThrow(/table user holds rows/);
      expect(await snapshot(target)).toEqual(before);
    } finally {
      await target.close();
    }
  });

  it('leaves no file behind when a backup cannot be written, and reports a missing archive', async () => {
    const nowhere = path.join(dir, 'no-such-dir', 'x.ordo-backup');
    await expect(backupStore(source, nowhere)).rejects.toThrow(/ENOENT/);
    await expect(restoreStore(source, nowhere)).rejects.toThrow(/There is no file/);
    const again = path.join(dir, 'again.ordo-backup');
    expect((await backupStore(source, again)).rows).toBe(3823); // the store is not left stuck
    expect(readdirSync(dir).filter((f) => f.endsWith('.partial'))).toEqual([]);
  });

  describe('damaged or foreign archives', () => {
    let target: Store;
    beforeAll(async () => {
      target = await emptyTarget();
    });
    afterAll(() => target?.close());

    const cases: [string, (file: string) => void, RegExp][] = [
      [
        'a flipped byte in a row',
        (file) => {
          const lines = archiveLines(archive);
          const i = lines.findIndex((l) => l.includes('inv_2000'));
          lines[i] = lines[i]!.replace('inv_2000', 'inv_2001');
          writeFileSync(file, gzipSync(`${lines.join('\n')}\n`));
        },
        /damaged: its checksum does not match/,
      ],
      [
        'a flipped byte in the compressed data',
        (file) => {
          const bytes = readFileSync(archive);
          bytes[Math.floor(bytes.length / 2)]! ^= 0x55;
          writeFileSync(file, bytes);
        },
        /damaged/,
      ],
      [
        'a truncated file',
        (file) =>
          writeFileSync(
            file,
            readFileSync(archive).subarray(0, Math.floor(readFileSync(archive).length * 0.7)),
          ),
        /damaged: it cannot be decompressed .*truncated/,
      ],
      [
        'a file cut at a line, recompressed',
        (file) => writeFileSync(file, gzipSync(`${archiveLines(archive).slice(0, 3000).join('\n')}\n`)),
        /damaged: it ends before its trailer/,
      ],
      [
        'data after the trailer',
        (file) => writeFileSync(file, gzipSync(`${[...archiveLines(archive), '["x"]'].join('\n')}\n`)),
        /damaged: there is data after its trailer/,
      ],
      ['a file that is not gzip', (file) => writeFileSync(file, 'hello\n'), /not an Ordo backup/],
      [
        'gzip of something else',
        (file) => writeFileSync(file, gzipSync('{"format":"other"}\n')),
        /not an Ordo backup/,
      ],
      [
        'an archive from a newer Ordo',
        (file) => {
          const lines = archiveLines(archive);
          const header = JSON.parse(lines[0]!) as { migrations: string[] };
          header.migrations.push('9999_from_the_future');
          writeSealed(file, [JSON.stringify(header), ...lines.slice(1)]);
        },
        /newer Ordo \(migration 9999_from_the_future/,
      ],
      [
        'an archive at other migrations',
        (file) => {
          const lines = archiveLines(archive);
          writeSealed(file, [
            JSON.stringify({ ...JSON.parse(lines[0]!), migrations: [] }),
            ...lines.slice(1),
          ]);
        },
        new RegExp(`made at migration \\(none\\), this database is at ${shippedMigrations().at(-1)}`),
      ],
      [
        'a sealed archive whose rows break a foreign key (fails midway)',
        (file) =>
          writeSealed(
            file,
            archiveLines(archive).filter((l) => !l.startsWith('["org_a","Æ')),
          ),
        /failed while loading table api_key: .*violates foreign key constraint .*Nothing was restored/,
      ],
    ];
    for (const [name, damage, error] of cases) {
      it(`refuses ${name} and leaves the target empty`, async () => {
        const file = path.join(dir, 'damaged.ordo-backup');
        damage(file);
        await expect(restoreStore(target, file)).rejects.toThrow(error);
        expect(await rowCount(target)).toBe(0);
      });
    }
  });
});
