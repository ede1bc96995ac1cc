/**
 * Server-side prepared statements for the few statements every order runs
 * (intake's, the write batch's): on PostgreSQL each connection parses such a
 * statement once and, once the planner finds its generic plan as good as
 * the ones it made for the values given, plans it once too, where an unnamed
 * statement is parsed and planned again on every execution. bench:server:
 * the database spent 0.63–0.65 ms of CPU per ms the server spent, against
 * 0.73–0.74 with every statement unnamed.
 *
 * A statement opts in by `prepared(query)`; its text must not vary with the
 * values (parameters only, e.g. no `in (…)` list of varying length), or each
 * text would be prepared anew. Each connection prepares at most
 * `PREPARED_PER_CONNECTION` texts and runs the rest unnamed, so memory stays
 * bounded whatever the callers do. Plans are left to PostgreSQL's
 * `plan_cache_mode` (auto): a statement whose plan depends on its values
 * (a partial index, a skewed column) keeps being planned for them.
 *
 * PGlite runs the statements as they are: the mark is an SQL comment.
 *
 * @example
 * await prepared(sql`select … from ${recordset(rows, "id text")}`).execute(tx);
 */
import { sql, type RawBuilder } from "kysely";
import pg from "pg";

/** The comment that marks a statement as one to prepare; it leads the statement's text. */
const MARK = "/* prepared */ ";

/** How many statement texts one connection keeps prepared; the write batch's combinations of parts stay well below. */
export const PREPARED_PER_CONNECTION = 100;

/** `query`, marked to be prepared on the connection that runs it. */
export function prepared<T>(query: RawBuilder<T>): RawBuilder<T> {
  return sql<T>`${sql.raw(MARK)}${query}`;
}

/** A statement's text, marked the same way, for what goes to the pool without Kysely. */
export function preparedText(text: string): string {
  return MARK + text;
}

/**
 * A pg client that runs marked statements as named ones: the pool's
 * `Client`. pg parses a name once per connection (it remembers the names it
 * parsed on it) and sends only Bind and Execute afterwards.
 */
export class PreparingClient extends pg.Client {
  readonly #names = new Map<string, string>();

  // pg's query has a dozen overloads: Kysely calls it as (text, values), the pool's own query as (text, values, callback).
  override query(...args: unknown[]): never {
    const [text, values, callback] = args;
    if (typeof text === "string" && text.startsWith(MARK) && (values === undefined || Array.isArray(values))) {
      const name = this.#nameOf(text);
      if (name !== undefined) return (super.query as (...a: unknown[]) => never)({ name, text, values }, ...(callback === undefined ? [] : [callback]));
    }
    return (super.query as (...a: unknown[]) => never)(...args);
  }

  #nameOf(text: string): string | undefined {
    const known = this.#names.get(text);
    if (known !== undefined || this.#names.size >= PREPARED_PER_CONNECTION) return known;
    const name = `orderflow_${this.#names.size + 1}`;
    this.#names.set(text, name);
    return name;
  }
}
