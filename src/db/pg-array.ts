// PostgreSQL array literals, built as text and sent as one parameter cast to an array type
// (`${literal}::text[]`), so that `unnest` turns a batch of columns into rows. For bulk writes this
// is cheaper at both ends than JSON rows: no per-value replacer in the process, no JSON parsing and
// record population in the database. Works the same on PostgreSQL and PGlite.

/** One element of a text array: quoted, with `\` and `"` escaped; null as NULL. */
function element(value: string | null): string {
  return value === null ? 'NULL' : `"${value.replace(/[\\"]/g, '\\$&')}"`;
}

/** Collects the elements of one array literal; `text()` gives `{…}`. */
export class PgArray {
  private readonly parts: string[] = [];

  /** A text (or date, or any type read from text) element. */
  push(value: string | null): void {
    this.parts.push(element(value));
  }

  /** A number element (integer, bigint): written as digits, never quoted. */
  pushNumber(value: number | bigint): void {
    this.parts.push(String(value));
  }

  get length(): number {
    return this.parts.length;
  }

  text(): string {
    return `{${this.parts.join(',')}}`;
  }
}

/** The literal of a whole list of texts. */
export function textArray(values: readonly (string | null)[]): string {
  return `{${values.map(element).join(',')}}`;
}
