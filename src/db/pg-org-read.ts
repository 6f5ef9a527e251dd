import pg from 'pg';
import type { Db, Tx } from './client.ts';
import { drizzleOver } from './pg-session.ts';

interface PgConnection {
  parse(msg: { text: string; name?: string; types?: unknown[] }): void;
  bind(msg: { portal?: string; statement?: string; values: unknown[] }): void;
  execute(msg: { portal?: string; rows?: number }): void;
}

interface QueryInternals {
  prepare(connection: PgConnection): void;
  handleDataRow(msg: unknown): void;
  handleCommandComplete(msg: unknown, connection: PgConnection): void;
}

// Local to the implicit transaction that ends at Sync: the settings vanish with it.
const PREAMBLE =
  "SELECT set_config('app.org_id', $1, true), set_config('role', $2, true), set_config('transaction_read_only', 'on', true)";

/**
 * A query sent in one round trip together with the tenant settings: Parse/Bind/Execute of the
 * preamble, then the query's own Parse/Bind/Describe/Execute, then one Sync. PostgreSQL runs every
 * message before the Sync as one implicit transaction, so the settings hold for the query and are
 * gone afterwards. The preamble's row and completion are dropped so the caller sees one result.
 */
class OrgScopedQuery extends pg.Query {
  #preamblePending = true;

  constructor(
    config: pg.QueryConfig & { queryMode?: 'extended' },
    private readonly settings: [orgId: string, role: string],
  ) {
    // Always the extended protocol: the simple one cannot carry the preamble's parameters.
    super({ ...config, queryMode: 'extended' } as pg.QueryConfig);
  }

  prepare(connection: PgConnection) {
    this.#preamblePending = true;
    connection.parse({ text: PREAMBLE, name: '', types: [] });
    connection.bind({ portal: '', statement: '', values: this.settings });
    connection.execute({ portal: '', rows: 0 });
    (pg.Query.prototype as unknown as QueryInternals).prepare.call(this, connection);
  }

  handleDataRow(msg: unknown) {
    if (this.#preamblePending) return;
    (pg.Query.prototype as unknown as QueryInternals).handleDataRow.call(this, msg);
  }

  handleCommandComplete(msg: unknown, connection: PgConnection) {
    if (this.#preamblePending) {
      this.#preamblePending = false;
      return;
    }
    (pg.Query.prototype as unknown as QueryInternals).handleCommandComplete.call(this, msg, connection);
  }
}

/**
 * Read-only tenant work on node-postgres with one round trip per statement instead of three
 * (BEGIN + settings, the query, COMMIT). Each statement is its own implicit transaction, which under
 * READ COMMITTED sees exactly what it would inside an explicit one. The transaction is read-only,
 * so a write slipped into read work fails loudly instead of committing piecemeal.
 */
export async function pgOrgRead<T>(
  db: Db,
  pool: pg.Pool,
  orgId: string,
  role: string,
  work: (tx: Tx) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  try {
    const scoped = {
      query: (config: pg.QueryConfig, values?: unknown[]) =>
        new Promise((resolve, reject) => {
          const query = new OrgScopedQuery({ ...config, values: values ?? config.values }, [orgId, role]);
          (query as unknown as { callback: (error: Error | null, result: unknown) => void }).callback = (
            error,
            result,
          ) => (error ? reject(error) : resolve(result));
          client.query(query);
        }),
    };
    const tx = drizzleOver(db, scoped);
    return await work(tx);
  } finally {
    client.release();
  }
}
