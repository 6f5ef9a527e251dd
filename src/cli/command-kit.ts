import { parseArgs } from 'node:util';
import { isRole, ROLES, type Role } from '../core/actor.ts';
import { AppError, invalid } from '../core/errors.ts';
import { findOrganizationBySlug } from '../modules/identity/organization.service.ts';
import type { Services } from '../services.ts';
import type { CliIo } from './io.ts';

// What every command file shares: the command shape, argument parsing, tables and progress lines.

export interface CommandContext {
  io: CliIo;
  /** The caller's working directory: files named on the command line are relative to it, also when a running server runs the command. */
  cwd: string;
  /** Opens (once) the store and services this process uses: its own, or the running server's. */
  services(): Promise<Services>;
}

export interface Command {
  usage: string;
  summary: string;
  /** It reads standard input (forwarded to a running server in full). */
  readsStdin?: true;
  run(args: string[], ctx: CommandContext): Promise<number>;
}

export function parse(
  args: string[],
  options: Record<string, { type: 'string' | 'boolean' }>,
  positionals: number,
) {
  const parsed = parseArgs({ args, options, allowPositionals: true, strict: true });
  if (parsed.positionals.length !== positionals)
    throw invalid('USAGE', `Expected ${positionals} argument(s), got ${parsed.positionals.length}.`);
  return parsed;
}

export function requireString(values: Record<string, unknown>, name: string): string {
  const value = values[name];
  if (typeof value !== 'string' || value === '')
    throw invalid('USAGE', `--${name} is required.`, { field: name });
  return value;
}

export function requireRole(value: string): Role {
  if (!isRole(value))
    throw invalid('INVALID_ROLE', `Unknown role "${value}"; use one of ${ROLES.join(', ')}.`, {
      field: 'role',
    });
  return value;
}

export async function orgBySlug(services: Services, slug: string) {
  const org = await findOrganizationBySlug(services.store.db, slug);
  if (!org)
    throw new AppError('not_found', 'ORGANIZATION_NOT_FOUND', `No organization with the slug "${slug}".`);
  return org;
}

export function formatTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

/** Progress on stderr, one line rewritten in place on a terminal, so stdout stays clean for scripts. */
let lastProgress = 0;
export function showProgress(p: { phase: string; table: string; done: number; total: number | null }) {
  const now = Date.now();
  if (!process.stderr.isTTY || now - lastProgress < 200) return;
  lastProgress = now;
  process.stderr.write(
    `\r\x1b[K${p.phase} ${p.table}: ${p.done}${p.total === null ? '' : `/${p.total}`} rows`,
  );
}

export function clearProgress() {
  if (process.stderr.isTTY) process.stderr.write('\r\x1b[K');
}
