import { and, eq, lt } from 'drizzle-orm';
import type { MiddlewareHandler } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { AppError } from '../core/errors.ts';
import { sha256Hex } from '../core/hash.ts';
import { readInOrg, withOrg } from '../db/tenancy.ts';
import type { AppEnv } from './env.ts';
import { idempotencyKey } from './idempotency.table.ts';

const HEADER = 'idempotency-key';
/** A concurrent duplicate waits this long for the first request to finish. */
const WAIT_MS = 15_000;
/** A key left pending this long (its process died mid-request) may be taken over. */
const ABANDONED_MS = 5 * 60_000;

/**
 * `Idempotency-Key` on POST: the same key and body replays the first response; the same key with
 * a different body is a 422; a concurrent duplicate waits for the first and then replays it.
 * Keys are per organization; a 5xx response is not stored, so the client may retry.
 */
export const idempotency: MiddlewareHandler<AppEnv> = async (c, next) => {
  const key = c.req.header(HEADER);
  const actor = c.get('actor');
  if (c.req.method !== 'POST' || !key || !actor) return next();
  if (key.length > 255)
    throw new AppError('invalid', 'INVALID_IDEMPOTENCY_KEY', 'Idempotency-Key is at most 255 characters.', {
      field: HEADER,
    });
  const { db } = c.get('deps').store;
  const requestHash = sha256Hex(`${c.req.method} ${c.req.path}\n${await c.req.text()}`);
  const where = and(eq(idempotencyKey.orgId, actor.orgId), eq(idempotencyKey.key, key));

  const claim = () =>
    withOrg(db, actor.orgId, async (tx) => {
      await tx
        .delete(idempotencyKey)
        .where(
          and(
            where,
            eq(idempotencyKey.status, 'pending'),
            lt(idempotencyKey.createdAt, new Date(Date.now() - ABANDONED_MS)),
          ),
        );
      const inserted = await tx
        .insert(idempotencyKey)
        .values({ orgId: actor.orgId, key, requestHash })
        .onConflictDoNothing()
        .returning({ key: idempotencyKey.key });
      return inserted.length > 0;
    });

  const deadline = Date.now() + WAIT_MS;
  while (!(await claim())) {
    const [row] = await readInOrg(db, actor.orgId, (tx) => tx.select().from(idempotencyKey).where(where));
    if (!row) continue; // the first attempt failed and released the key: claim it now
    if (row.requestHash !== requestHash)
      throw new AppError(
        'unprocessable',
        'IDEMPOTENCY_KEY_REUSED',
        'This Idempotency-Key was used with a different request.',
        {
          field: HEADER,
        },
      );
    if (row.status === 'done') {
      c.header('idempotent-replayed', 'true');
      return c.json(row.responseBody, (row.responseStatus ?? 200) as ContentfulStatusCode);
    }
    if (Date.now() > deadline)
      throw new AppError(
        'conflict',
        'IDEMPOTENCY_IN_PROGRESS',
        'A request with this Idempotency-Key is still running; retry shortly.',
      );
    await new Promise((resolve) => setTimeout(resolve, 25));
  }

  try {
    await next();
  } catch (error) {
    await withOrg(db, actor.orgId, (tx) => tx.delete(idempotencyKey).where(where));
    throw error;
  }
  const status = c.res.status;
  if (status >= 500) {
    await withOrg(db, actor.orgId, (tx) => tx.delete(idempotencyKey).where(where));
    return;
  }
  const text = await c.res.clone().text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = { raw: text };
  }
  await withOrg(db, actor.orgId, (tx) =>
    tx
      .update(idempotencyKey)
      .set({ status: 'done', responseStatus: status, responseBody: body })
      .where(where),
  );
};
