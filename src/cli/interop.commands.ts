import { createWriteStream } from 'node:fs';
import path from 'node:path';
import { systemActor } from '../core/actor.ts';
import { createOrganization, findOrganizationBySlug } from '../modules/identity/organization.service.ts';
import { exportBeancount, exportHledger, importHledgerJournal } from '../modules/interop/index.ts';
import { type Command, clearProgress, orgBySlug, parse, requireString, showProgress } from './command-kit.ts';

// Plain-text accounting: import hledger journals, export hledger and beancount journals.

/** Writes the export to --output FILE, or to stdout line by line. */
async function writeExport(
  output: unknown,
  cwd: string,
  out: (line: string) => void,
  write: (chunk: (text: string) => void) => Promise<{ entries: number }>,
): Promise<{ entries: number; file: string | null }> {
  if (typeof output !== 'string' || output === '' || output === '-') {
    let pending = '';
    const result = await write((text) => {
      pending += text;
      const end = pending.lastIndexOf('\n');
      if (end >= 0) {
        out(pending.slice(0, end));
        pending = pending.slice(end + 1);
      }
    });
    if (pending) out(pending);
    return { ...result, file: null };
  }
  const file = path.resolve(cwd, output);
  const stream = createWriteStream(file);
  let buffer = '';
  const result = await write((text) => {
    buffer += text;
    if (buffer.length > 1 << 16) {
      stream.write(buffer);
      buffer = '';
    }
  });
  stream.write(buffer);
  await new Promise<void>((resolve, reject) =>
    stream.end((error?: Error | null) => (error ? reject(error) : resolve())),
  );
  return { ...result, file };
}

export const INTEROP_COMMANDS: Record<string, Command> = {
  'import hledger': {
    usage: 'ordo import hledger FILE --org SLUG [--json]',
    summary:
      'Import an hledger journal (all or nothing; creates the organization if missing; a re-run adds nothing)',
    async run(args, { io, cwd, services }) {
      const { values, positionals } = parse(args, { org: { type: 'string' }, json: { type: 'boolean' } }, 1);
      const slug = requireString(values, 'org');
      const file = path.resolve(cwd, positionals[0]!);
      const svc = await services();
      const org =
        (await findOrganizationBySlug(svc.store.db, slug)) ??
        (await createOrganization(svc.store.db, { slug, name: slug }));
      const started = Date.now();
      const result = await importHledgerJournal(svc.store.db, systemActor(org.id, 'cli'), file, {
        onProgress: (p) =>
          showProgress({
            phase: p.phase === 'checking' ? 'Checking' : p.phase === 'posting' ? 'Posting' : 'Asserting',
            table: p.phase === 'asserting' ? 'balance assertions' : 'transactions',
            done: p.done,
            total: p.total,
          }),
      });
      clearProgress();
      const seconds = (Date.now() - started) / 1000;
      if (values.json) io.out(JSON.stringify({ org: slug, ...result, seconds }));
      else if (!result.imported)
        io.out(`Already imported into ${slug} (import ${result.importId}): nothing added.`);
      else
        io.out(
          `Imported ${result.entries} entries (${result.lines} postings) into ${slug}: ${result.accountsCreated} accounts created, ${result.assertions} balance assertions checked, books in ${result.baseCurrency}, ${seconds.toFixed(1)} s.`,
        );
      return 0;
    },
  },
  'export hledger': {
    usage: 'ordo export hledger --org SLUG [--output FILE]',
    summary: 'Write the books as an hledger journal (stdout by default)',
    async run(args, { io, cwd, services }) {
      const { values } = parse(args, { org: { type: 'string' }, output: { type: 'string' } }, 0);
      const svc = await services();
      const org = await orgBySlug(svc, requireString(values, 'org'));
      const result = await writeExport(values.output, cwd, io.out, (write) =>
        exportHledger(svc.store.db, systemActor(org.id, 'cli'), write),
      );
      if (result.file) io.err(`Wrote ${result.entries} entries to ${result.file}.`);
      return 0;
    },
  },
  'export beancount': {
    usage: 'ordo export beancount --org SLUG [--output FILE]',
    summary: 'Write the books as a beancount ledger (stdout by default)',
    async run(args, { io, cwd, services }) {
      const { values } = parse(args, { org: { type: 'string' }, output: { type: 'string' } }, 0);
      const svc = await services();
      const org = await orgBySlug(svc, requireString(values, 'org'));
      const result = await writeExport(values.output, cwd, io.out, (write) =>
        exportBeancount(svc.store.db, systemActor(org.id, 'cli'), write),
      );
      if (result.file) io.err(`Wrote ${result.entries} entries to ${result.file}.`);
      return 0;
    },
  },
};
