/** Creating the first admin with the one-time setup code the server printed at start (see auth/first-admin.ts). */
import { timingSafeEqual } from "node:crypto";
import { Hono } from "hono";
import { AdminExistsError, createFirstAdmin } from "../../auth/first-admin";
import { defineEndpoint, endpoint } from "../endpoint";
import type { Env } from "../env";
import { ApiError, conflict } from "../errors";
import { FirstAdminBody, User } from "../schemas/people";

const firstAdmin = defineEndpoint({
  summary: "Create the first admin with the setup code printed at start",
  description: "Works only while no admin exists, with the code the server printed on its console when it started.",
  tag: "Auth",
  roles: "public",
  body: FirstAdminBody,
  responses: { 201: { description: "The admin was created; log in next", schema: User } },
});

export const setupRoutes = new Hono<Env>().post("/setup/first-admin", endpoint(firstAdmin), async (c) => {
  const { db, setupCode } = c.var.deps;
  const body = c.req.valid("json");
  if (!setupCode) throw conflict("setup_closed", "This server has no setup code: an admin existed when it started. Log in as an admin to create users");
  if (!sameText(body.setupCode, setupCode)) {
    throw new ApiError(403, "forbidden", "The setup code is wrong: use the one this server printed on its console when it started", { in: "body", field: "/setupCode" });
  }
  try {
    return c.json(await createFirstAdmin(db, body), 201);
  } catch (error) {
    if (error instanceof AdminExistsError) throw conflict("setup_closed", error.message);
    throw error;
  }
});

function sameText(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
