/**
 * Writing jsonb columns the same way on both dialects.
 *
 * pg turns a JavaScript array parameter into a PostgreSQL array literal
 * (`{"a","b"}`), which is not JSON, while PGlite serialises it as JSON; a
 * plain string is taken as JSON text by both and usually rejected. So every
 * jsonb value is written as JSON text cast to jsonb, through `json()`. The
 * column types in `schema.ts` accept nothing else, so a forgotten `json()`
 * is a compile error rather than a bug on one dialect only.
 *
 * @example
 * await db.insertInto("flows").values({ id: "f1", name: json({ zh: "订单", en: "Orders" }), draft: json(flow) }).execute();
 */
import { sql, type ColumnType, type RawBuilder } from "kysely";

declare const jsonbBrand: unique symbol;

/** A value written through `json()`. */
export type JsonbValue<T> = T & { readonly [jsonbBrand]: true };

/** A jsonb column: reads as the parsed value, written with `json(value)`. */
export type Jsonb<T> = ColumnType<T, JsonbValue<T>, JsonbValue<T>>;

/** A nullable jsonb column: reads as the parsed value or null, written with `json(value)` or null. */
export type JsonbOrNull<T> = ColumnType<T | null, JsonbValue<T> | null | undefined, JsonbValue<T> | null>;

/** A jsonb column with a default in the table: may be left out of an insert. */
export type JsonbWithDefault<T> = ColumnType<T, JsonbValue<T> | undefined, JsonbValue<T>>;

/**
 * A json column (not jsonb): a document people write, kept exactly as
 * written, its keys in their order. jsonb sorts keys, which reorders a
 * form's fields (staff see them in the order of `properties`) and makes an
 * exported flow differ from the one imported. Written with `jsonDocument(value)`.
 */
export type JsonDocument<T> = ColumnType<T, JsonDocumentValue<T>, JsonDocumentValue<T>>;

declare const jsonDocumentBrand: unique symbol;

/** A value written through `jsonDocument()`. */
export type JsonDocumentValue<T> = T & { readonly [jsonDocumentBrand]: true };

/** A json column with a default in the table: may be left out of an insert. */
export type JsonDocumentWithDefault<T> = ColumnType<T, JsonDocumentValue<T> | undefined, JsonDocumentValue<T>>;

/** `value` as a json expression, its keys in their order, for a JsonDocument column. */
export function jsonDocument<T>(value: T): RawBuilder<JsonDocumentValue<T>> {
  return sql<JsonDocumentValue<T>>`cast(${JSON.stringify(value)} as json)`;
}

/** `value` as a jsonb expression, for inserts, updates and comparisons. */
export function json<T>(value: T): RawBuilder<JsonbValue<T>> {
  return sql<JsonbValue<T>>`cast(${JSON.stringify(value)} as jsonb)`;
}

/**
 * Many rows as a table expression `r` for one statement: ONE JSON parameter
 * that the database unpacks (`jsonb_to_recordset`) into the typed columns
 * named in `columns`. Building the statement costs the same whatever the
 * number of rows, it stays far from the drivers' parameter limits, and both
 * dialects read it alike. A JSON null becomes an SQL null; Dates arrive as
 * ISO text, which timestamptz columns read exactly.
 *
 * The planner is told how many rows there are (a LIMIT of exactly that
 * many): it otherwise assumes a hundred, and joining a hundred rows to a
 * table of fewer than some 50,000 (tasks, instances, orders by id) it
 * would read the whole table instead of looking each row up by its index.
 * The LIMIT is a parameter, so that the statement's text is the same for
 * any number of rows (see prepared-statements.ts); a generic plan takes it
 * for a tenth of the hundred.
 *
 * @example
 * await sql`insert into tasks (key, node) select key, node from ${recordset(rows, "key text, node text")}`.execute(tx);
 */
export function recordset(rows: readonly object[], columns: string): RawBuilder<unknown> {
  return sql`(select * from jsonb_to_recordset(cast(${JSON.stringify(rows)} as jsonb)) as r(${sql.raw(columns)}) limit ${rows.length}) as r`;
}

/**
 * A list of texts as an SQL `text[]`, sent as one JSON parameter (a
 * JavaScript array would reach the two dialects differently, see above).
 * The statement's text is the same for any number of them (see
 * prepared-statements.ts), and `column = any(${textArray(keys)})` looks each
 * up by the column's index, where `in (select …)` reads the whole table.
 *
 * @example
 * await sql`select sku from stock where sku = any(${textArray(["TEA-1", "TEA-2"])})`.execute(tx);
 */
export function textArray(values: readonly string[]): RawBuilder<string[]> {
  return sql`array(select json_array_elements_text(${JSON.stringify(values)}))`;
}
