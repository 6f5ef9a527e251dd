import pg from 'pg';
import type { Db, Tx } from './client.ts';
import { readPipelineOf } from './pg-read-pipeline.ts';
import { drizzleOver } from './pg-session.ts';

interface PgConnection {
  bind(msg: { portal?: string; statement?: string; values: unknown[] }): void;
  execute(msg: { portal?: string; rows?: number }): void;
  /** node-postgres's record of the named statements parsed on this connection. */
  parsedStatements: Record<string, string>;
  submittedNamedStatements: Record<string, string>;
}

interface QueryInternals {
  prepare(connection: PgConnection): void;
  handleDataRow(msg: unknown): void;
  handleCommandComplete(msg: unknown, connection: PgConnection): void;
}

type Callback = (error: Error | null, result: unknown) => void;

/** node-postgres's conversion of a parameter to what Bind sends: text, bytes or null. */
const { prepareValue } = (pg as unknown as { utils: { prepareValue(value: unknown): unknown } }).utils;

// Local to the implicit transaction that ends at Sync: the settings vanish with it.
// force_custom_plan: a query with parameters is still planned for its own values on every run, as
// an unnamed statement was; naming statements (below) saves parsing and analysis, not planning. A
// query without parameters (the current organization) keeps one plan.
const PREAMBLE =
  "SELECT set_config('app.org_id', $1, true), set_config('role', $2, true), set_config('transaction_read_only', 'on', true), set_config('plan_cache_mode', 'force_custom_plan', true)";
const PREAMBLE_NAME = 'ordo_org_settings';

/**
 * Read statements are prepared under a name once per connection, so PostgreSQL parses and
 * analyses a text once per connection instead of once per request. Bounded, because every name
 * holds memory in each server process: texts past the bound run unnamed, as before.
 */
const MAX_NAMED_STATEMENTS = 256;
const statementNames = new Map<string, string>();

function statementName(text: string): string | undefined {
  const known = statementNames.get(text);
  if (known !== undefined || statementNames.size >= MAX_NAMED_STATEMENTS) return known;
  const name = `ordo_read_${statementNames.size}`;
  statementNames.set(text, name);
  return name;
}

/**
 * Parses the tenant preamble under its name on a connection, before its first read. Done apart
 * from any read so that a read's only ParseComplete is its own statement's, which is what
 * node-postgres records as parsed. Runs the preamble once with no organization and role `none`
 * (the connection's own): nothing is read.
 */
export async function preparePreamble(client: pg.Client | pg.PoolClient) {
  const { connection } = client as unknown as { connection: PgConnection };
  if (
    connection.parsedStatements[PREAMBLE_NAME] !== undefined ||
    connection.submittedNamedStatements[PREAMBLE_NAME] !== undefined
  )
    return;
  await client.query({ name: PREAMBLE_NAME, text: PREAMBLE, values: ['', 'none'] });
}

/**
 * A query sent in one round trip together with the tenant settings: Bind/Execute of the preamble,
 * then the query's own (Parse the first time on a connection) Bind/Describe/Execute, then one Sync.
 * PostgreSQL runs every message before the Sync as one implicit transaction, so the settings hold
 * for the query and are gone afterwards. The preamble's row and completion are dropped so the
 * caller sees one result.
 */
class OrgScopedQuery extends pg.Query {
  #preamblePending = true;

  constructor(
    config: pg.QueryConfig & { queryMode?: 'extended' },
    private readonly settings: [orgId: string, role: string],
  ) {
    // Always the extended protocol: the simple one cannot carry the preamble's parameters.
    super({ ...config, name: statementName(config.text), queryMode: 'extended' } as pg.QueryConfig);
  }

  prepare(connection: PgConnection) {
    this.#preamblePending = true;
    connection.bind({ portal: '', statement: PREAMBLE_NAME, values: this.settings });
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

/** One read on an exclusive pooled connection (no pipelined connection would take it). */
async function onPooledConnection(pool: pg.Pool, query: OrgScopedQuery): Promise<unknown> {
  const client = await pool.connect();
  let leftInTransaction: Error | undefined;
  try {
    await preparePreamble(client);
    return await new Promise((resolve, reject) => {
      (query as unknown as { callback: Callback }).callback = (error, result) => {
        if (!error && client.getTransactionStatus() !== 'I')
          leftInTransaction = new Error('a tenant read left its connection inside a transaction');
        return error ? reject(error) : resolve(result);
      };
      client.query(query);
    });
  } finally {
    client.release(leftInTransaction);
  }
}

/**
 * Read-only tenant work on node-postgres, one round trip per statement instead of three (BEGIN +
 * settings, the query, COMMIT). Each statement is its own implicit transaction, which under READ
 * COMMITTED sees exactly what it would inside an explicit one. The transaction is read-only, so a
 * write slipped into read work fails loudly instead of committing piecemeal. Statements go on the
 * pool's read pipeline when it has a connection free to take them (src/db/pg-read-pipeline.ts),
 * otherwise each on a pooled connection of its own.
 */
export async function pgOrgRead<T>(
  db: Db,
  pool: pg.Pool,
  orgId: string,
  role: string,
  work: (tx: Tx) => Promise<T>,
): Promise<T> {
  const pipeline = readPipelineOf(pool);
  const scoped = {
    query: (config: pg.QueryConfig, values?: unknown[]) => {
      let converted: unknown[] | undefined;
      try {
        // Before anything is written: node-postgres converts while writing Bind, and a value that
        // throws there (a bigint inside an object) closes the statement it has just parsed under its
        // name yet records it as parsed, so every later read of that text on the connection failed.
        converted = (values ?? config.values)?.map(prepareValue);
      } catch (error) {
        return Promise.reject(error);
      }
      const query = new OrgScopedQuery({ ...config, values: converted }, [orgId, role]);
      const lane = pipeline?.pick();
      return lane ? lane.send(query) : onPooledConnection(pool, query);
    },
  };
  return work(drizzleOver(db, scoped));
}
