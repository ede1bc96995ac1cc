/** Users, for admins: list, create, change (roles, job roles, warehouse, password, disabled). */
import { Hono } from "hono";
import { sql } from "kysely";
import { recordAudit } from "../../auth/audit";
import { inTransaction } from "../../auth/in-transaction";
import { hashPassword } from "../../auth/passwords";
import { endSessionsOf } from "../../auth/sessions";
import { createUser, toUser } from "../../auth/users";
import { defineEndpoint, endpoint } from "../endpoint";
import type { Env } from "../env";
import { conflict, notFound } from "../errors";
import { IdParam, NewUserBody, User, UserChangeBody, UserList } from "../schemas/people";

const listUsers = defineEndpoint({
  summary: "List users",
  tag: "Users",
  roles: ["admin"],
  responses: { 200: { description: "Every user, by login", schema: UserList } },
});

const addUser = defineEndpoint({
  summary: "Create a user",
  description: "Without a password the user cannot log in and acts only through API tokens. Staff need their `warehouse` and `jobRoles` (picker, packer…): a task a flow assigns to pickers in SH-01 is for the pickers who work in SH-01.",
  tag: "Users",
  roles: ["admin"],
  body: NewUserBody,
  responses: { 201: { description: "Created", schema: User }, 409: { description: "The login is taken" } },
});

const changeUser = defineEndpoint({
  summary: "Change a user's name, roles, job roles, warehouse or password, or disable them",
  description: "`jobRoles` replaces the user's job roles (send [] to take them all away). A new password or disabling ends the user's sessions. The last enabled admin cannot lose the admin role or be disabled.",
  tag: "Users",
  roles: ["admin"],
  params: IdParam,
  body: UserChangeBody,
  responses: { 200: { description: "The user as changed", schema: User }, 404: { description: "No such user" }, 409: { description: "It would leave no admin" } },
});

export const userRoutes = new Hono<Env>()
  .get("/users", endpoint(listUsers), async (c) => {
    const rows = await c.var.deps.db.selectFrom("users").selectAll().orderBy("login").execute();
    return c.json({ users: rows.map(toUser) }, 200);
  })
  .post("/users", endpoint(addUser), async (c) => {
    const user = await createUser(c.var.deps.db, c.req.valid("json"), { by: c.var.principal.login });
    return c.json(user, 201);
  })
  .patch("/users/:id", endpoint(changeUser), async (c) => {
    const { db, clock } = c.var.deps;
    const { id } = c.req.valid("param");
    const change = c.req.valid("json");
    const passwordHash = change.password === undefined ? undefined : await hashPassword(change.password);
    const user = await inTransaction(db, async (tx) => {
      const before = await tx.selectFrom("users").selectAll().where("id", "=", id).forUpdate().executeTakeFirst();
      if (!before) throw notFound(`No user with id "${id}"`);
      const row = await tx
        .updateTable("users")
        .set({
          ...(change.displayName !== undefined ? { display_name: change.displayName } : {}),
          ...(change.roles !== undefined ? { roles: change.roles } : {}),
          ...(change.jobRoles !== undefined ? { job_roles: change.jobRoles } : {}),
          ...(change.warehouse !== undefined ? { warehouse: change.warehouse } : {}),
          ...(change.disabled !== undefined ? { disabled: change.disabled } : {}),
          ...(passwordHash !== undefined ? { password_hash: passwordHash } : {}),
        })
        .where("id", "=", id)
        .returningAll()
        .executeTakeFirstOrThrow();
      const admins = await tx.selectFrom("users").select("id").where(sql<boolean>`'admin' = any(roles)`).where("disabled", "=", false).limit(1).execute();
      if (admins.length === 0) throw conflict("last_admin", "This would leave no enabled admin: make another user admin first");
      if (change.disabled || passwordHash !== undefined) await endSessionsOf(tx, id);
      const after = toUser(row);
      await recordAudit(tx, { actor: c.var.principal.login, action: "user.change", targetType: "user", targetId: id, before: toUser(before), after: { ...after, passwordChanged: passwordHash !== undefined }, at: clock() });
      return after;
    });
    return c.json(user, 200);
  });
