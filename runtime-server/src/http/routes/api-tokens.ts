/** API tokens for integrations, for admins: list, create (the token is shown once), revoke. */
import { Hono } from "hono";
import { createApiToken, toApiToken } from "../../auth/api-tokens";
import { recordAudit } from "../../auth/audit";
import { inTransaction } from "../../auth/in-transaction";
import { defineEndpoint, endpoint } from "../endpoint";
import type { Env } from "../env";
import { invalidRequest, notFound } from "../errors";
import { ApiToken, ApiTokenList, IdParam, NewApiToken, NewApiTokenBody } from "../schemas/people";

const listTokens = defineEndpoint({
  summary: "List API tokens (never the tokens themselves)",
  tag: "Users",
  roles: ["admin"],
  responses: { 200: { description: "Every token, newest first", schema: ApiTokenList } },
});

const addToken = defineEndpoint({
  summary: "Create an API token for a user",
  description: "The token is in the answer once and stored only as a hash. It has the roles given, which must be roles its owner holds.",
  tag: "Users",
  roles: ["admin"],
  body: NewApiTokenBody,
  responses: { 201: { description: "Created", schema: NewApiToken } },
});

const revokeToken = defineEndpoint({
  summary: "Revoke an API token",
  tag: "Users",
  roles: ["admin"],
  params: IdParam,
  responses: { 200: { description: "Revoked (or it was already)", schema: ApiToken }, 404: { description: "No such token" } },
});

export const apiTokenRoutes = new Hono<Env>()
  .get("/api-tokens", endpoint(listTokens), async (c) => {
    const rows = await c.var.deps.db.selectFrom("api_tokens").selectAll().orderBy("created_at", "desc").execute();
    return c.json({ tokens: rows.map(toApiToken) }, 200);
  })
  .post("/api-tokens", endpoint(addToken), async (c) => {
    const { db, clock } = c.var.deps;
    const body = c.req.valid("json");
    const created = await inTransaction(db, async (tx) => {
      const owner = await tx.selectFrom("users").select(["roles", "login"]).where("id", "=", body.userId).executeTakeFirst();
      if (!owner) throw invalidRequest("body", [{ field: "/userId", message: `no user has the id "${body.userId}"` }]);
      const missing = body.roles.filter((role) => !owner.roles.includes(role));
      if (missing.length > 0) {
        throw invalidRequest("body", [{ field: "/roles", message: `${owner.login} does not hold ${missing.join(", ")}; a token can only have roles its owner holds` }]);
      }
      const made = await createApiToken(tx, { ...body, now: clock() });
      await recordAudit(tx, { actor: c.var.principal.login, action: "api_token.create", targetType: "api_token", targetId: made.apiToken.id, after: made.apiToken, at: clock() });
      return made;
    });
    return c.json(created, 201);
  })
  .delete("/api-tokens/:id", endpoint(revokeToken), async (c) => {
    const { db, clock } = c.var.deps;
    const { id } = c.req.valid("param");
    const token = await inTransaction(db, async (tx) => {
      const before = await tx.selectFrom("api_tokens").selectAll().where("id", "=", id).executeTakeFirst();
      if (!before) throw notFound(`No API token with id "${id}"`);
      if (before.revoked_at) return toApiToken(before);
      const row = await tx.updateTable("api_tokens").set({ revoked_at: clock() }).where("id", "=", id).returningAll().executeTakeFirstOrThrow();
      await recordAudit(tx, { actor: c.var.principal.login, action: "api_token.revoke", targetType: "api_token", targetId: id, before: toApiToken(before), after: toApiToken(row), at: clock() });
      return toApiToken(row);
    });
    return c.json(token, 200);
  });
