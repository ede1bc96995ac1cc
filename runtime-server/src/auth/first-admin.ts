/**
 * The first admin. A fresh installation has no users, so nobody could log in
 * to create one. While no admin exists, each server start makes a one-time
 * setup code, prints how to use it (on the server's console, which only the
 * person installing it sees), and `POST /setup/first-admin` accepts it once.
 *
 * @example (main.ts)
 * const setup = await firstAdminSetup(db);
 * if (setup) console.log(setup.instructions(`http://localhost:${port}`));
 * const app = createApp({ execution, setupCode: setup?.code });
 */
import { randomBytes } from "node:crypto";
import { sql, type Kysely } from "kysely";
import type { Database } from "../storage/schema";
import { inTransaction } from "./in-transaction";
import { MIN_PASSWORD_LENGTH, createUser, type User } from "./users";

export interface FirstAdminSetup {
  /** Give it to createApp as `setupCode`. */
  code: string;
  /** What to print, with a ready-to-run command. */
  instructions(baseUrl: string): string;
}

export class AdminExistsError extends Error {
  constructor() {
    super("An admin exists already: log in as that admin to create more users");
    this.name = "AdminExistsError";
  }
}

/** A setup code and its instructions when no enabled admin exists; undefined otherwise. */
export async function firstAdminSetup(db: Kysely<Database>): Promise<FirstAdminSetup | undefined> {
  if (await adminExists(db)) return undefined;
  const code = randomBytes(12).toString("base64url");
  return {
    code,
    instructions: (baseUrl) =>
      [
        "orderflow has no admin yet. Create the first one with this one-time setup code (valid until the server stops):",
        "",
        `  curl -X POST ${baseUrl}/setup/first-admin -H 'content-type: application/json' \\`,
        `    -d '{"setupCode":"${code}","login":"admin","displayName":"Administrator","password":"<at least ${MIN_PASSWORD_LENGTH} characters>"}'`,
        "",
        "Then log in as that admin (POST /auth/login) and create the other users with POST /users. Staff need the",
        "warehouse they work in and their job roles, which decide the tasks they get (a task for pickers in SH-01",
        "goes to the pickers who work in SH-01), e.g.:",
        "",
        `    {"login":"wang","displayName":"王师傅","password":"…","roles":["staff"],"warehouse":"SH-01","jobRoles":["picker","packer"]}`,
      ].join("\n"),
  };
}

/** Creates the first admin, unless an admin exists (AdminExistsError). Safe when several servers are asked at once. */
export async function createFirstAdmin(db: Kysely<Database>, user: { login: string; displayName: string; password: string }): Promise<User> {
  return inTransaction(db, async (tx) => {
    await sql`select pg_advisory_xact_lock(hashtext('orderflow:first-admin'))`.execute(tx);
    if (await adminExists(tx)) throw new AdminExistsError();
    return createUser(tx, { ...user, roles: ["admin"] }, { by: "setup" });
  });
}

async function adminExists(db: Kysely<Database>): Promise<boolean> {
  const row = await db
    .selectFrom("users")
    .select("id")
    .where(sql<boolean>`'admin' = any(roles)`)
    .where("disabled", "=", false)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}
