import { getRandomValues } from 'node:crypto';
import { monotonicFactory } from 'ulid';

// ulid's own generator asks the system for one random byte per character (16 calls for each id
// whose millisecond is new): a bulk import spent about a second per 100,000 entries there. The same
// bytes, divided the same way (byte / 256), drawn from a pool refilled 4 KB at a time.
const pool = new Uint8Array(4096);
let next = pool.length;
function randomFraction(): number {
  if (next === pool.length) {
    getRandomValues(pool);
    next = 0;
  }
  return pool[next++]! / 256;
}

const ulid = monotonicFactory(randomFraction);

/** A prefixed, time-ordered id such as `org_01J…`; sortable by creation time. */
export function newId(prefix: string): string {
  return `${prefix}_${ulid().toLowerCase()}`;
}
