import { monotonicFactory } from 'ulid';

const ulid = monotonicFactory();

/** A prefixed, time-ordered id such as `org_01J…`; sortable by creation time. */
export function newId(prefix: string): string {
  return `${prefix}_${ulid().toLowerCase()}`;
}
