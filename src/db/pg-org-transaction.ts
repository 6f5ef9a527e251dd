import type pg from 'pg';
import type { Db, Tx } from './client.ts';
import { drizzleOver } from './pg-session.ts';

const ORG_ID = /^[a-z]{2,8}_[0-9a-z]{10,40}$/;

/**
 * A tenant transaction on node-postgres in three round trips instead of four: BEGIN and the
 * role/organization settings go in one simple-protocol message. This is the hot path of every API
 * request (measured in bench/RESULTS.md). The org id is checked against the id format before it is
 * written into the statement; it is never user text.
 */
export async function pgOrgTransaction<T>(
  db: Db,
  pool: pg.Pool,
  orgId: string,
  role: string,
  work: (tx: Tx) => Promise<T>,
): Promise<T> {
  if (!ORG_ID.test(orgId)) throw new Error(`refusing a malformed organization id: ${JSON.stringify(orgId)}`);
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query(
      `BEGIN; SELECT set_config('app.org_id', '${orgId}', true), set_config('role', '${role}', true)`,
    );
    const tx = drizzleOver(db, client);
    const result = await work(tx);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch((rollbackError: Error) => {
      broken = rollbackError;
    });
    throw error;
  } finally {
    client.release(broken);
  }
}
