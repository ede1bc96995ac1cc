/**
 * Opens the database: the embedded PGlite by default, PostgreSQL when a URL
 * is given. Both speak the same SQL and return the same JavaScript values
 * (see `type-parsers.ts`), so everything above this file ignores which one
 * it runs on. Opening does not migrate: call `migrateToLatest` next.
 *
 * PGlite is a single session: every query goes through the one Kysely
 * instance and transactions run one after another (DESIGN.md, decision 4).
 *
 * @example
 * const storage = await createDatabase(process.env.DATABASE_URL ? { databaseUrl: process.env.DATABASE_URL } : { dataDir: "./data" });
 * await migrateToLatest(storage.db);
 * // …
 * await storage.close();
 */
import { mkdir } from "node:fs/promises";
import type { PGlite } from "@electric-sql/pglite";
import { Kysely, PGliteDialect, PostgresDialect, type KyselyPlugin, type PluginTransformResultArgs, type QueryResult, type UnknownRow } from "kysely";
import pg from "pg";
import { PreparingClient } from "./prepared-statements";
import type { Database } from "./schema";
import { pgTypes, typeParsers } from "./type-parsers";

export interface PostgresConfig {
  /** e.g. postgres://orderflow@db.internal:5432/orderflow */
  databaseUrl: string;
  /** Connections in the pool; default 10. */
  maxConnections?: number;
  /** Whether each connection keeps the statements every order runs prepared (prepared-statements.ts); default true. */
  preparedStatements?: boolean;
}

export interface PgliteConfig {
  databaseUrl?: undefined;
  /** Where the embedded database keeps its files; created on first start. Omitted: in memory, gone on close. */
  dataDir?: string;
  /** Start from a copy of another PGlite database (its `dumpDataDir()`), e.g. a migrated template in tests. */
  loadDataDir?: Blob;
}

export type DatabaseConfig = PostgresConfig | PgliteConfig;

interface Common {
  db: Kysely<Database>;
  /** Closes every connection; the Storage cannot be used afterwards. */
  close(): Promise<void>;
}

export type PgliteStorage = Common & { dialect: "pglite"; pglite: PGlite };
export type PostgresStorage = Common & { dialect: "postgres"; pool: pg.Pool };
/** The open database, with the driver underneath for what Kysely does not cover (PGlite dumps, pool figures). */
export type Storage = PgliteStorage | PostgresStorage;
export type Dialect = Storage["dialect"];

export async function createDatabase(config: PostgresConfig): Promise<PostgresStorage>;
export async function createDatabase(config: PgliteConfig): Promise<PgliteStorage>;
export async function createDatabase(config: DatabaseConfig): Promise<Storage>;
export async function createDatabase(config: DatabaseConfig): Promise<Storage> {
  return config.databaseUrl !== undefined ? openPostgres(config) : openPglite(config);
}

/**
 * The embedded PostgreSQL's own page cache, which lives in the server's
 * memory (128 MB unless told). Its files are read through the operating
 * system's cache all the same, so a small one costs no speed here:
 * bench:server on PGlite, 4,000 orders, 881 orders/s and an RSS peak of
 * 347 MB with 16 MB, against 825 orders/s and 485 MB with 128 MB; 100,000
 * orders with 16 MB, 881 orders/s and 357 MB after the last.
 */
const PGLITE_SHARED_BUFFERS = "16MB";

async function openPglite(config: PgliteConfig): Promise<PgliteStorage> {
  if (config.dataDir) await mkdir(config.dataDir, { recursive: true });
  // Loaded only when used: a server on PostgreSQL is some 40 MB smaller without it.
  const { PGlite } = await import("@electric-sql/pglite");
  const startParams = [...PGlite.defaultStartParams, "-c", `shared_buffers=${PGLITE_SHARED_BUFFERS}`];
  const pglite = await PGlite.create({ dataDir: config.dataDir, loadDataDir: config.loadDataDir, parsers: typeParsers, startParams });
  const db = new Kysely<Database>({ dialect: new PGliteDialect({ pglite }), plugins: [yieldAfterEachQuery] });
  const close = async () => {
    await db.destroy();
    if (!pglite.closed) await pglite.close(); // destroy() leaves it open when no query ran
  };
  return { dialect: "pglite", db, pglite, close };
}

/**
 * PGlite runs each query on the server's own thread, and the promises of a
 * transaction's queries resolve one after another without the event loop
 * turning in between: a group of webhooks held it for its whole
 * transaction. Node accepts one new connection per turn of its loop, so a
 * burst of webhooks on new connections was let in one per transaction
 * (bench:server on PGlite, 128 requests in flight on fresh connections: a
 * p99 acknowledgement of 3.8–4.4 s, the slowest waiting the whole burst to
 * be accepted). Yielding after each query lets the loop accept and read
 * between them.
 */
const yieldAfterEachQuery: KyselyPlugin = {
  transformQuery: (args) => args.node,
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    await new Promise((resolve) => setImmediate(resolve));
    return args.result;
  },
};

function openPostgres(config: PostgresConfig): PostgresStorage {
  const pool = new pg.Pool({
    connectionString: config.databaseUrl,
    max: config.maxConnections ?? 10,
    types: pgTypes,
    application_name: "orderflow",
    Client: config.preparedStatements === false ? pg.Client : PreparingClient,
  });
  // An idle connection that breaks (the server restarted) is dropped from the
  // pool and replaced on the next query; without a listener pg's 'error'
  // event would end the process.
  pool.on("error", () => {});
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  const close = async () => {
    await db.destroy();
    if (!pool.ended) await pool.end(); // destroy() leaves it open when no query ran
  };
  return { dialect: "postgres", db, pool, close };
}

/**
 * A unique key taken by another transaction first, or a deadlock with one:
 * doing the work again, in a new transaction, sees what the other did
 * (intake then finds the request or the order already stored).
 */
export function lostRace(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === "23505" || code === "40P01";
}
