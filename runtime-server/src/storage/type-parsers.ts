/**
 * How column values are turned into JavaScript, the same on both dialects.
 *
 * pg and PGlite each have their own defaults and they differ: int8 comes back
 * as a string from pg and as a number (or a BigInt past 2^53) from PGlite;
 * bytea as a Buffer or a Uint8Array; date as local or UTC midnight. One table,
 * given to each connection (pg's `types` option, PGlite's `parsers`), makes
 * them agree. pg's global parsers are never touched: other code in the
 * process may rely on them.
 *
 * | column type        | JavaScript                                           |
 * |--------------------|------------------------------------------------------|
 * | int8 / bigserial   | number (ids and counters stay far below 2^53)        |
 * | numeric            | string, exact ("199.90"): money is never a float     |
 * | timestamptz        | Date                                                 |
 * | date               | string "2026-11-22", no time zone to get wrong       |
 * | json / jsonb       | parsed value                                         |
 * | bytea              | Buffer                                               |
 * | text[]             | string[] (both drivers' defaults already agree)      |
 */
import pg from "pg";

/** PostgreSQL type OIDs, fixed for built-in types. */
const OID = { int8: 20, bytea: 17, json: 114, date: 1082, timestamptz: 1184, numeric: 1700, jsonb: 3802 } as const;

type TextParser = (text: string) => unknown;

const parseTimestamptz: TextParser = pg.types.getTypeParser(OID.timestamptz, "text");
const parseBytea: TextParser = pg.types.getTypeParser(OID.bytea, "text");
const keepText: TextParser = (text) => text;
const parseJson: TextParser = (text) => JSON.parse(text);

export const typeParsers: Readonly<Record<number, TextParser>> = {
  [OID.int8]: (text) => Number(text),
  [OID.numeric]: keepText,
  [OID.timestamptz]: parseTimestamptz,
  [OID.date]: keepText,
  [OID.json]: parseJson,
  [OID.jsonb]: parseJson,
  [OID.bytea]: parseBytea,
};

/** pg's per-connection `types` option: our parsers first, pg's defaults for everything else. */
export const pgTypes: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format: "text" | "binary" = "text") =>
    (format === "text" && typeParsers[oid]) || pg.types.getTypeParser(oid, format)) as pg.CustomTypesConfig["getTypeParser"],
};
