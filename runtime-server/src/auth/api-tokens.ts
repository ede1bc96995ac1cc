/**
 * API tokens for integrations: `Authorization: Bearer oft_…`. A token acts
 * for its owner with the roles it was given, never more than the owner
 * holds now (roles taken from the owner later are taken from the token too).
 * Job roles are the owner's: a token claims and submits the tasks its owner could.
 * Only the token's SHA-256 is stored; the token itself is shown once.
 */
import type { Kysely, Selectable } from "kysely";
import type { ApiTokensTable, Database } from "../storage/schema";
import type { Principal } from "./principal";
import type { Role } from "./roles";
import { hashSecret, newSecret } from "./secrets";

/** last_used_at is written at most this often per token, so a busy integration does not write on every request. */
const LAST_USED_PRECISION_MS = 60_000;

export interface ApiToken {
  id: string;
  name: string;
  userId: string;
  roles: Role[];
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export async function createApiToken(db: Kysely<Database>, input: { userId: string; name: string; roles: Role[]; now: Date }): Promise<{ token: string; apiToken: ApiToken }> {
  const token = newSecret("oft");
  const row = await db
    .insertInto("api_tokens")
    .values({ name: input.name, token_hash: hashSecret(token), user_id: input.userId, roles: [...new Set(input.roles)], created_at: input.now })
    .returningAll()
    .executeTakeFirstOrThrow();
  return { token, apiToken: toApiToken(row) };
}

/** Who a bearer token acts for, or undefined (unknown, revoked, owner disabled). */
export async function tokenPrincipal(db: Kysely<Database>, token: string, now: Date): Promise<Principal | undefined> {
  const row = await db
    .selectFrom("api_tokens")
    .innerJoin("users", "users.id", "api_tokens.user_id")
    .select(["api_tokens.id as tokenId", "api_tokens.roles as tokenRoles", "api_tokens.last_used_at", "users.id", "users.login", "users.display_name", "users.roles", "users.job_roles", "users.warehouse"])
    .where("api_tokens.token_hash", "=", hashSecret(token))
    .where("api_tokens.revoked_at", "is", null)
    .where("users.disabled", "=", false)
    .executeTakeFirst();
  if (!row) return undefined;
  if (!row.last_used_at || now.getTime() - row.last_used_at.getTime() >= LAST_USED_PRECISION_MS) {
    await db.updateTable("api_tokens").set({ last_used_at: now }).where("id", "=", row.tokenId).execute();
  }
  return {
    userId: row.id,
    login: row.login,
    displayName: row.display_name,
    roles: row.tokenRoles.filter((role) => row.roles.includes(role)),
    jobRoles: row.job_roles,
    warehouse: row.warehouse,
    via: "token",
    tokenId: row.tokenId,
  };
}

export function toApiToken(row: Selectable<ApiTokensTable>): ApiToken {
  return {
    id: row.id,
    name: row.name,
    userId: row.user_id,
    roles: row.roles,
    createdAt: row.created_at.toISOString(),
    lastUsedAt: row.last_used_at?.toISOString() ?? null,
    revokedAt: row.revoked_at?.toISOString() ?? null,
  };
}
