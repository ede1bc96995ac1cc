/** Logging in and out with a password, and asking who you are. */
import type { Static } from "@sinclair/typebox";
import { Hono } from "hono";
import { recordAudit } from "../../auth/audit";
import { verifyPassword } from "../../auth/passwords";
import type { Principal } from "../../auth/principal";
import { endSession, startSession } from "../../auth/sessions";
import { normaliseLogin } from "../../auth/users";
import { defineEndpoint, endpoint } from "../endpoint";
import type { Env } from "../env";
import { ApiError } from "../errors";
import { LoginBody, Me } from "../schemas/people";
import { clearSessionCookie, readSessionCookie, writeSessionCookie } from "../session-cookie";

const login = defineEndpoint({
  summary: "Log in with login and password; sets the session cookie",
  description: "The answer sets an HttpOnly, SameSite=Lax cookie that the browser sends with every later request. A wrong login and a wrong password get the same answer.",
  tag: "Auth",
  roles: "public",
  body: LoginBody,
  responses: { 200: { description: "Logged in", schema: Me } },
});

const logout = defineEndpoint({
  summary: "Log out: ends the session and clears its cookie",
  tag: "Auth",
  roles: "signed-in",
  responses: { 204: { description: "Logged out" } },
});

const me = defineEndpoint({
  summary: "Who the request acts for, with which roles",
  tag: "Auth",
  roles: "signed-in",
  responses: { 200: { description: "The user", schema: Me } },
});

export const authRoutes = new Hono<Env>()
  .post("/auth/login", endpoint(login), async (c) => {
    const { db, clock } = c.var.deps;
    const body = c.req.valid("json");
    const user = await db.selectFrom("users").selectAll().where("login", "=", normaliseLogin(body.login)).executeTakeFirst();
    const matches = await verifyPassword(body.password, user?.password_hash);
    if (!user || !matches || user.disabled) throw new ApiError(401, "unauthorized", "The login or the password is wrong");
    const previous = readSessionCookie(c);
    if (previous) await endSession(db, previous);
    const session = await startSession(db, user.id, clock());
    await recordAudit(db, { actor: user.login, action: "session.login", targetType: "user", targetId: user.id, at: clock() });
    writeSessionCookie(c, session.token, session.expiresAt);
    return c.json(describe({ userId: user.id, login: user.login, displayName: user.display_name, roles: user.roles, jobRoles: user.job_roles, warehouse: user.warehouse, via: "session" }), 200);
  })
  .post("/auth/logout", endpoint(logout), async (c) => {
    const { db, clock } = c.var.deps;
    const principal = c.var.principal;
    const token = readSessionCookie(c);
    if (principal.via === "session" && token) {
      await endSession(db, token);
      await recordAudit(db, { actor: principal.login, action: "session.logout", targetType: "user", targetId: principal.userId, at: clock() });
    }
    clearSessionCookie(c);
    return c.body(null, 204);
  })
  .get("/auth/me", endpoint(me), (c) => c.json(describe(c.var.principal), 200));

function describe(principal: Principal): Static<typeof Me> {
  const { userId: id, login, displayName, roles, jobRoles, warehouse, via } = principal;
  return { user: { id, login, displayName, roles, jobRoles, warehouse }, via };
}
