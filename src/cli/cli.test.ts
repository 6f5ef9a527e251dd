import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shippedMigrations } from '../db/migrate.ts';
import { testStoreKind } from '../db/test-db.ts';

// The real `ordo` binary in child processes, on the embedded store: the CLI works while the
// server runs on the same data dir (through the server), and on its own when it does not.

const BIN = path.resolve('bin/ordo.js');
let dataDir: string;
let server: ChildProcess | undefined;
let url = '';

function ordo(args: string[], stdin = '') {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { ...process.env, ORDO_DATA_DIR: dataDir },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.stdin.end(stdin);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

function startServer(): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'start', '--port', '0'], {
      env: { ...process.env, ORDO_DATA_DIR: dataDir },
    });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const match = /running at (http:\/\/[^\s]+)/.exec(out);
      if (match && out.includes('API reference')) {
        url = match[1]!;
        resolve(child);
      }
    });
    child.stderr.on('data', (d) => (out += d));
    child.on('exit', (code) => reject(new Error(`server exited ${code}: ${out}`)));
  });
}

async function stopServer() {
  if (!server || server.exitCode !== null) return;
  const exited = new Promise((r) => server!.once('exit', r));
  server.kill('SIGTERM');
  await exited;
}

describe.skipIf(testStoreKind() !== 'pglite')('ordo CLI on the embedded store', () => {
  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'ordo-cli-'));
    server = await startServer();
  }, 60_000);
  afterAll(async () => {
    await stopServer();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts with the demo organization and reports health', async () => {
    const health = await (await fetch(`${url}/api/health`)).json();
    expect(health).toMatchObject({
      status: 'ok',
      store: 'pglite',
      migrations: { latest: shippedMigrations().at(-1) },
    });
  });

  it('creates an organization, a user and an API key while the server runs', async () => {
    const org = await ordo(['org', 'create', 'acme', '--name', 'Acme Ltd']);
    expect(org).toMatchObject({ code: 0 });
    expect(org.stdout).toMatch(/Created organization acme/);
    const user = await ordo(
      ['user', 'create', 'bob@acme.test', '--org', 'acme', '--role', 'accountant'],
      'a-long-password\n',
    );
    expect(user.code).toBe(0);
    const key = await ordo(['api-key', 'create', '--org', 'acme', '--role', 'admin']);
    expect(key.code).toBe(0);
    expect(key.stdout.trim()).toMatch(/^ordo_[\w-]+$/);
    const me = await fetch(`${url}/api/org`, { headers: { authorization: `Bearer ${key.stdout.trim()}` } });
    expect(await me.json()).toMatchObject({ slug: 'acme', name: 'Acme Ltd' });
    const signIn = await fetch(`${url}/api/auth/sign-in/email`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: url },
      body: JSON.stringify({ email: 'bob@acme.test', password: 'a-long-password' }),
    });
    expect(signIn.status).toBe(200);
  });

  it('reports errors on stderr with a non-zero exit', async () => {
    const taken = await ordo(['org', 'create', 'acme', '--name', 'Again']);
    expect(taken.code).toBe(1);
    expect(taken.stderr).toMatch(/taken/);
    const badRole = await ordo(['api-key', 'create', '--org', 'acme', '--role', 'emperor']);
    expect(badRole.code).toBe(2);
    expect(badRole.stderr).toMatch(/Unknown role "emperor"/);
    const weak = await ordo(
      ['user', 'create', 'c@acme.test', '--org', 'acme', '--role', 'member'],
      'short\n',
    );
    expect(weak.code).toBe(2);
    expect(weak.stdout).toBe('');
  });

  it('refuses a second server on the same data dir', async () => {
    const second = await ordo(['start', '--port', '0']);
    expect(second.code).toBe(1);
    expect(second.stderr).toMatch(/in use by a running server/);
  });

  it('verifies the audit chain, and finds a tampered row once the server is stopped', async () => {
    expect(await ordo(['audit', 'verify'])).toMatchObject({ code: 0 });
    await stopServer();
    const direct = await ordo(['audit', 'verify', '--org', 'acme']);
    expect(direct.code).toBe(0);
    expect(direct.stdout).toMatch(/OK acme: \d+ audit rows/);

    const db = await PGlite.create(path.join(dataDir, 'pgdata'));
    await db.query(
      `update audit_log set action = 'nothing-to-see' where seq = 2 and org_id = (select id from organization where slug = 'acme')`,
    );
    await db.close();
    const broken = await ordo(['audit', 'verify']);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toMatch(/OK demo/);
    expect(broken.stdout).toMatch(/BROKEN acme: row 2: row content does not match its hash/);
  });
});
