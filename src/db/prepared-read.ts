import type { Queryable } from './client.ts';

/** What drizzle's builders and sessions expose to their own code, and this file relies on. */
interface PreparedQuery {
  queryString: string;
  params: unknown[];
  fields: unknown;
  joinsNotNullableMap?: Record<string, boolean>;
  execute(placeholders?: Record<string, unknown>): Promise<unknown>;
}
interface Session {
  prepareQuery(
    query: { sql: string; params: unknown[] },
    fields: unknown,
    name: undefined,
    isResponseInArrayMode: boolean,
  ): PreparedQuery;
}
interface Preparable {
  _prepare(): PreparedQuery;
}

/**
 * A read drizzle builds once instead of on every call: its SQL text, parameters and column mapping
 * are kept from the first call, and later calls only run them (on the caller's connection or
 * transaction) and map the rows as the builder would. For hot paths; values that change between
 * calls must be drizzle placeholders (`sql.placeholder('id')`), passed to each call.
 */
export function preparedRead<Row>(
  build: (q: Queryable) => PromiseLike<Row[]>,
): (q: Queryable, placeholders?: Record<string, unknown>) => Promise<Row[]> {
  let built: Pick<PreparedQuery, 'queryString' | 'params' | 'fields' | 'joinsNotNullableMap'> | undefined;
  return (q, placeholders) => {
    if (!built) {
      const { queryString, params, fields, joinsNotNullableMap } = (
        build(q) as unknown as Preparable
      )._prepare();
      built = { queryString, params, fields, joinsNotNullableMap };
    }
    const { session } = q as unknown as { session: Session };
    const query = session.prepareQuery(
      { sql: built.queryString, params: built.params },
      built.fields,
      undefined,
      true,
    );
    query.joinsNotNullableMap = built.joinsNotNullableMap;
    return query.execute(placeholders) as Promise<Row[]>;
  };
}
