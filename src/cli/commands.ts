import path from 'node:path';
import { systemActor } from '../core/actor.ts';
import { invalid } from '../core/errors.ts';
import { backupStore, restoreStore } from '../db/backup.ts';
import { migrationState, runMigrations } from '../db/migrate.ts';
import { withOrg } from '../db/tenancy.ts';
import { createScheduler } from '../jobs/scheduler.ts';
import { verifyAuditChain } from '../modules/audit/audit.service.ts';
import { createApiKey } from '../modules/identity/api-key.service.ts';
import { organization } from '../modules/identity/identity.table.ts';
import { addMember } from '../modules/identity/member.service.ts';
import { createOrganization } from '../modules/identity/organization.service.ts';
import {
  type Command,
  clearProgress,
  formatTable,
  orgBySlug,
  parse,
  requireRole,
  requireString,
  showProgress,
} from './command-kit.ts';
import { EINVOICE_COMMANDS } from './einvoice.commands.ts';
import { INTEROP_COMMANDS } from './interop.commands.ts';
import { LEDGER_COMMANDS } from './ledger.commands.ts';
import { REPORT_COMMANDS } from './report.commands.ts';
import { SALES_COMMANDS } from './sales.commands.ts';
import { SALES_BATCH_COMMANDS } from './sales-batch.commands.ts';

export type { Command, CommandContext } from './command-kit.ts';

/** The platform's commands; `start` is handled by main because it never returns. */
const PLATFORM_COMMANDS: Record<string, Command> = {
  migrate: {
    usage: 'ordo migrate',
    summary: 'Apply pending database migrations',
    async run(args, { io, services }) {
      parse(args, {}, 0);
      const { store } = await services();
      await runMigrations(store);
      const state = await migrationState(store);
      io.out(
        `Migrations applied: ${state.applied}/${state.shipped} (latest ${state.latest ?? 'none'}) on ${store.kind}.`,
      );
      return 0;
    },
  },
  'org create': {
    usage: 'ordo org create SLUG --name NAME',
    summary: 'Create an organization',
    async run(args, { io, services }) {
      const { values, positionals } = parse(args, { name: { type: 'string' } }, 1);
      const { store } = await services();
      const org = await createOrganization(store.db, {
        slug: positionals[0]!,
        name: requireString(values, 'name'),
      });
      io.out(`Created organization ${org.slug} (${org.id}).`);
      return 0;
    },
  },
  'user create': {
    readsStdin: true,
    usage: 'ordo user create EMAIL --org SLUG --role ROLE [--name NAME]   (password on stdin)',
    summary: 'Create a user with a password read from stdin and add them to an organization',
    async run(args, { io, services }) {
      const { values, positionals } = parse(
        args,
        { org: { type: 'string' }, role: { type: 'string' }, name: { type: 'string' } },
        1,
      );
      const email = positionals[0]!.toLowerCase();
      const role = requireRole(requireString(values, 'role'));
      const svc = await services();
      const org = await orgBySlug(svc, requireString(values, 'org'));
      const password = (await io.readStdin()).replace(/\r?\n$/, '');
      if (password.length < 10)
        throw invalid('WEAK_PASSWORD', 'Pipe a password of at least 10 characters on stdin.', {
          field: 'password',
        });
      const name = typeof values.name === 'string' ? values.name : email.split('@')[0]!;
      const created = await svc.auth.api
        .signUpEmail({ body: { email, password, name } })
        .catch((error: unknown) => {
          throw invalid('USER_NOT_CREATED', `Could not create ${email}: ${(error as Error).message}`);
        });
      await withOrg(svc.store.db, org.id, (tx) =>
        addMember(tx, systemActor(org.id, 'cli'), created.user.id, role),
      );
      io.out(`Created user ${email} as ${role} of ${org.slug}.`);
      return 0;
    },
  },
  'api-key create': {
    usage: 'ordo api-key create --org SLUG --role ROLE [--name NAME]',
    summary: 'Create an API key; prints only the key',
    async run(args, { io, services }) {
      const { values } = parse(
        args,
        { org: { type: 'string' }, role: { type: 'string' }, name: { type: 'string' } },
        0,
      );
      const role = requireRole(requireString(values, 'role'));
      const svc = await services();
      const org = await orgBySlug(svc, requireString(values, 'org'));
      const name = typeof values.name === 'string' ? values.name : 'CLI';
      const { key } = await createApiKey(svc.store.db, systemActor(org.id, 'cli'), { name, role });
      io.out(key);
      return 0;
    },
  },
  backup: {
    usage: 'ordo backup FILE',
    summary: 'Write a portable archive of all data (gzip JSON lines)',
    async run(args, { io, cwd, services }) {
      const { positionals } = parse(args, {}, 1);
      const { store } = await services();
      const result = await backupStore(store, path.resolve(cwd, positionals[0]!), {
        onProgress: showProgress,
      });
      clearProgress();
      io.out(
        `Backed up ${result.rows} rows from ${Object.keys(result.counts).length} tables to ${result.file}.`,
      );
      return 0;
    },
  },
  restore: {
    usage: 'ordo restore FILE',
    summary: 'Load an archive into an empty store (embedded or PostgreSQL)',
    async run(args, { io, cwd, services }) {
      const { positionals } = parse(args, {}, 1);
      const { store } = await services();
      const result = await restoreStore(store, path.resolve(cwd, positionals[0]!), {
        onProgress: showProgress,
      });
      clearProgress();
      io.out(
        `Restored ${result.rows} rows into ${Object.keys(result.counts).length} tables on ${store.kind}.`,
      );
      return 0;
    },
  },
  jobs: {
    usage: 'ordo jobs',
    summary: 'List schedules with last run, next run, missed and failed runs',
    async run(args, { io, services }) {
      parse(args, {}, 0);
      const svc = await services();
      const schedules = await createScheduler(svc.store, { handlers: {} }).list();
      if (schedules.length === 0) {
        io.out(
          'No schedules yet. The server registers its own on start; modules add theirs (recurring invoices, reminders…).',
        );
        return 0;
      }
      const rows = schedules.map((s) => [
        s.name,
        s.rrule,
        s.lastRunAt ?? 'never',
        s.lastStatus ?? '-',
        s.nextRunAt ?? '-',
        String(s.missed),
        String(s.failed),
      ]);
      io.out(formatTable(['SCHEDULE', 'RULE', 'LAST RUN', 'STATUS', 'NEXT RUN', 'MISSED', 'FAILED'], rows));
      return 0;
    },
  },
  'audit verify': {
    usage: 'ordo audit verify [--org SLUG]',
    summary: "Recompute each organization's audit hash chain; exits 1 at the first broken row",
    async run(args, { io, services }) {
      const { values } = parse(args, { org: { type: 'string' } }, 0);
      const svc = await services();
      const orgs =
        typeof values.org === 'string'
          ? [await orgBySlug(svc, values.org)]
          : await svc.store.db.select().from(organization);
      let failed = 0;
      for (const org of orgs) {
        const result = await verifyAuditChain(svc.store.db, org.id);
        if (result.ok) io.out(`OK ${org.slug}: ${result.rows} audit rows, chain intact`);
        else {
          failed++;
          io.out(
            `BROKEN ${org.slug}: row ${result.brokenAt}: ${result.reason} (${result.rows} rows verified before it)`,
          );
        }
      }
      return failed ? 1 : 0;
    },
  },
};

/** Every command by its one or two words. A module adds its own file and one spread here. */
export const COMMANDS: Record<string, Command> = {
  ...PLATFORM_COMMANDS,
  ...LEDGER_COMMANDS,
  ...REPORT_COMMANDS,
  ...INTEROP_COMMANDS,
  ...EINVOICE_COMMANDS,
  ...SALES_COMMANDS,
  ...SALES_BATCH_COMMANDS,
};
