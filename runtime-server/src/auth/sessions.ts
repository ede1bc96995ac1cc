/**
 * Login sessions. The browser holds a random token in an HttpOnly cookie; the
 * database holds its SHA-256 only. A session ends at its expiry, at logout,
 * or when its user is disabled.
 */
import type { Kysely } from "kysely";
import type { Database } from "../storage/schema";
import type { Principal } from "./principal";
import { hashSecret, newSecret } from "./secrets";

export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

/** Opens a session for a user; returns the token for the cookie (shown to no one else, stored nowhere). */
export async function startSession(db: Kysely<Database>, userId: string, now: Date, ttlMs = SESSION_TTL_MS): Promise<{ token: string; expiresAt: Date }> {
  const token = newSecret("ofs");
  const expiresAt = new Date(now.getTime() + ttlMs);
  await db.insertInto("sessions").values({ token_hash: hashSecret(token), user_id: userId, created_at: now, expires_at: expiresAt }).execute();
  return { token, expiresAt };
}

/** The user of a live session, or undefined (unknown token, expired, user disabled). */
export async function sessionPrincipal(db: Kysely<Database>, token: string, now: Date): Promise<Principal | undefined> {
  const row = await db
    .selectFrom("sessions")
    .innerJoin("users", "users.id", "sessions.user_id")
    .select(["users.id", "users.login", "users.display_name", "users.roles", "users.job_roles", "users.warehouse"])
    .where("sessions.token_hash", "=", hashSecret(token))
    .where("sessions.expires_at", ">", now)
    .where("users.disabled", "=", false)
    .executeTakeFirst();
  return row && { userId: row.id, login: row.login, displayName: row.display_name, roles: row.roles, jobRoles: row.job_roles, warehouse: row.warehouse, via: "session" };
}

/** Ends a session; returns the user it belonged to, if it existed. */
export async function endSession(db: Kysely<Database>, token: string): Promise<string | undefined> {
  const row = await db.deleteFrom("sessions").where("token_hash", "=", hashSecret(token)).returning("user_id").executeTakeFirst();
  return row?.user_id;
}

/** Ends every session of a user (disabled, password changed). */
export async function endSessionsOf(db: Kysely<Database>, userId: string): Promise<void> {
  await db.deleteFrom("sessions").where("user_id", "=", userId).execute();
}
