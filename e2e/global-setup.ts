import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { openStore } from '../src/db/client.ts';
import { runMigrations } from '../src/db/migrate.ts';
import { ROOT, SHOTS_DIR } from './paths.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** An embedded store with every migration applied, copied as each test file's data dir. */
    e2eDataTemplate: string;
  }
}

/**
 * Once per run: build what the server serves (the web build is skipped while dist/web is fresh),
 * migrate one embedded store that every test file copies (a fresh store costs seconds to create),
 * and start with an empty screenshot folder, so every PNG in it is from this run.
 */
export default async function setup(project: TestProject) {
  const started = Date.now();
  const build = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, encoding: 'utf8' });
  if (build.status !== 0)
    throw new Error(`node scripts/build.mjs failed (${build.status}):\n${build.stdout}\n${build.stderr}`);
  if (build.stdout.trim()) console.log(`[e2e] ${build.stdout.trim()} (${Date.now() - started} ms)`);

  const template = mkdtempSync(path.join(tmpdir(), 'ordo-e2e-template-'));
  const store = await openStore({ kind: 'pglite', dataDir: template });
  await runMigrations(store);
  await store.close();
  project.provide('e2eDataTemplate', template);

  rmSync(SHOTS_DIR, { recursive: true, force: true });
  mkdirSync(SHOTS_DIR, { recursive: true });
  return () => rmSync(template, { recursive: true, force: true });
}
