import { organization } from '../modules/identity/identity.table.ts';
import { verifyLedger } from '../modules/ledger/index.ts';
import { type Command, orgBySlug, parse } from './command-kit.ts';

const count = (n: number, one: string, many = `${one}s`) =>
  `${n.toLocaleString('en')} ${n === 1 ? one : many}`;

/** The ledger's commands: proving the books from what is stored. */
export const LEDGER_COMMANDS: Record<string, Command> = {
  'ledger verify': {
    usage: 'ordo ledger verify [--org SLUG]',
    summary:
      'Recompute the hash chain of posted entries, each entry’s balance and the balance rollups; exits 1 at the first difference',
    async run(args, { io, services }) {
      const { values } = parse(args, { org: { type: 'string' } }, 0);
      const svc = await services();
      const orgs =
        typeof values.org === 'string'
          ? [await orgBySlug(svc, values.org)]
          : await svc.store.db.select().from(organization).orderBy(organization.slug);
      let failed = 0;
      for (const org of orgs) {
        const result = await verifyLedger(svc.store.db, org.id);
        if (result.ok)
          io.out(
            `OK ${org.slug}: ${count(result.entries, 'posted entry', 'posted entries')}, ${count(result.lines, 'line')}, ${count(result.rollups, 'monthly rollup')}; chain, balances and rollups agree`,
          );
        else {
          failed++;
          io.out(
            `BROKEN ${org.slug}: ${result.problem.kind}: ${result.problem.message} (${count(result.entries, 'entry', 'entries')} verified before it)`,
          );
        }
      }
      return failed ? 1 : 0;
    },
  },
};
