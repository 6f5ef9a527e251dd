import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { TestProject } from 'vitest/node';
import { newId } from '../core/ids.ts';
import { adminQuery, databaseUrl } from './admin.ts';
import { openPostgres, wrapPglite } from './client.ts';
import { runMigrations } from './migrate.ts';

/** Migrates one template database per test run; each test file then clones it. */
export default async function setup(project: TestProject) {
  if (project.name === 'postgres') {
    const serverUrl = process.env.TEST_DATABASE_URL;
    if (!serverUrl) throw new Error('the postgres test project needs TEST_DATABASE_URL');
    const template = newId('ordo_tmpl');
    await adminQuery(serverUrl, `CREATE DATABASE "${template}"`);
    const store = openPostgres(databaseUrl(serverUrl, template), 2);
    await runMigrations(store);
    await store.close();
    project.provide('postgresServerUrl', serverUrl);
    project.provide('postgresTemplate', template);
    return async () => {
      await adminQuery(serverUrl, `DROP DATABASE IF EXISTS "${template}" WITH (FORCE)`);
    };
  }
  const store = wrapPglite(await PGlite.create());
  await runMigrations(store);
  const dump = await store.client.dumpDataDir('none');
  await store.close();
  const dir = path.resolve('.tmp');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `pglite-template-${process.pid}.tar`);
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  project.provide('pgliteTemplate', file);
  return () => rmSync(file, { force: true }); // 40 MB a run: do not let them pile up
}
