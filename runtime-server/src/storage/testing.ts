/**
 * Test databases, for suites that must pass on both dialects.
 *
 * PGlite always runs. PostgreSQL runs when it answers at
 * ORDERFLOW_TEST_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test);
 * when it does not, the suites run on PGlite only and say so, except under
 * CI=true, where they fail.
 *
 * Every test gets its own migrated database, copied from a template migrated
 * once per test file: PGlite loads a dump of the template (`dumpDataDir`),
 * PostgreSQL creates a database from the template database. Copies are
 * dropped after the test, the template after the file.
 *
 * @example
 * describe.each(await databaseCases())("orders on %s", (dialect) => {
 *   const test = testWithDatabase(dialect);
 *   test("ids are unique", async ({ db }) => { … });
 * });
 */
import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, test } from "vitest";
import { createDatabase, type Dialect, type PostgresConfig, type Storage } from "./database";
import { migrateToLatest } from "./migrate";

export const TEST_DATABASE_URL = process.env.ORDERFLOW_TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";

/** A database for one test. `close()` also drops it. */
export type TestStorage = Storage & {
  /**
   * Another connection pool to the same database, as a second server
   * process would have one; closed with the test. PostgreSQL only: PGlite
   * is one session.
   */
  connectAgain(options?: Pick<PostgresConfig, "preparedStatements">): Promise<Storage>;
};

let cases: Promise<Dialect[]> | undefined;

/** The dialects to run storage suites over. Rejects under CI=true when PostgreSQL cannot be reached. */
export function databaseCases(): Promise<Dialect[]> {
  return (cases ??= findCases());
}

async function findCases(): Promise<Dialect[]> {
  const problem = await postgresProblem();
  if (problem === undefined) return ["pglite", "postgres"];
  const message = `PostgreSQL is not reachable at ${printable(TEST_DATABASE_URL)} (${problem}): start it or set ORDERFLOW_TEST_DATABASE_URL`;
  if (process.env.CI === "true" || process.env.CI === "1") throw new Error(`${message}. CI runs every storage suite on PostgreSQL too.`);
  console.warn(`${message}. Storage suites run on PGlite only.`);
  return ["pglite"];
}

async function postgresProblem(): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query("select 1");
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message || error.name : String(error);
  } finally {
    await client.end().catch(() => {});
  }
}

/** A fresh PGlite takes seconds to start (more on a busy machine); its copies take well under one. */
const TEMPLATE_TIMEOUT_MS = 60_000;

/**
 * vitest's `test` with fixtures: `storage` (a fresh migrated database),
 * `db` (its Kysely) and `emptyStorage` (a fresh database without tables).
 * Call it inside the describe block whose tests use it: the template is made
 * before the block's tests and dropped after them.
 */
export function testWithDatabase(dialect: Dialect) {
  let template: Template | undefined;
  beforeAll(async () => {
    template = dialect === "pglite" ? await pgliteTemplate() : await postgresTemplate();
  }, TEMPLATE_TIMEOUT_MS);
  afterAll(() => template?.drop());
  return test
    .extend("storage", async ({}, { onCleanup }) => {
      const storage = await template!.open({ migrated: true });
      onCleanup(() => storage.close());
      return storage;
    })
    .extend("db", async ({ storage }) => storage.db)
    .extend("emptyStorage", async ({}, { onCleanup }) => {
      const storage = await template!.open({ migrated: false });
      onCleanup(() => storage.close());
      return storage;
    });
}

interface Template {
  open(options: { migrated: boolean }): Promise<TestStorage>;
  drop(): Promise<void>;
}

async function pgliteTemplate(): Promise<Template> {
  const storage = await createDatabase({});
  let empty: Blob;
  let migrated: Blob;
  try {
    empty = await storage.pglite.dumpDataDir("none");
    await migrateToLatest(storage.db);
    migrated = await storage.pglite.dumpDataDir("none");
  } finally {
    await storage.close();
  }
  return {
    async open(options) {
      const copy = await createDatabase({ loadDataDir: options.migrated ? migrated : empty });
      return {
        ...copy,
        connectAgain: () => Promise.reject(new Error("PGlite is a single session: there is no second connection to it")),
      };
    },
    drop: async () => {},
  };
}

async function postgresTemplate(): Promise<Template> {
  const template = `orderflow_template_${randomSuffix()}`;
  await administer(`create database ${template}`);
  const storage = await createDatabase({ databaseUrl: databaseUrl(template) });
  try {
    await migrateToLatest(storage.db);
  } catch (error) {
    await storage.close();
    await administer(`drop database ${template} with (force)`);
    throw error;
  }
  await storage.close();
  return {
    async open(options) {
      const created = await createPostgresTestDatabase(options.migrated ? template : "template0");
      const opened: Storage[] = [];
      const connect = async (options?: Pick<PostgresConfig, "preparedStatements">) => {
        const storage = await createDatabase({ databaseUrl: created.url, ...options });
        opened.push(storage);
        return storage;
      };
      const storage = await connect();
      return {
        ...storage,
        connectAgain: connect,
        async close() {
          await Promise.all(opened.map((each) => each.close()));
          await created.drop();
        },
      };
    },
    drop: () => administer(`drop database ${template} with (force)`),
  };
}

/**
 * An empty PostgreSQL database of its own (copied from `template`), for tests
 * whose server processes connect by URL. `drop()` ends every connection to it.
 */
export async function createPostgresTestDatabase(template = "template0"): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `orderflow_test_${randomSuffix()}`;
  await administer(`create database ${name} template ${template}`);
  return { url: databaseUrl(name), drop: () => administer(`drop database if exists ${name} with (force)`) };
}

/** Runs one statement on the test server's own database (creating and dropping databases). */
async function administer(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

function databaseUrl(database: string): string {
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${database}`;
  return url.toString();
}

function randomSuffix(): string {
  return randomUUID().replaceAll("-", "").slice(0, 12);
}

function printable(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = "***";
  return parsed.toString();
}
