import { describe, expect } from "vitest";
import { databaseCases, testWithDatabase } from "../../storage/testing";
import { httpHarness, PASSWORD } from "../testing";

describe.each(await databaseCases())("logging in and roles on %s", (dialect) => {
  const test = testWithDatabase(dialect);

  test("a password login sets an HttpOnly, SameSite=Lax session cookie; logout ends the session", async ({ db }) => {
    const http = httpHarness(db);
    const wang = await http.signIn("wang", ["staff"], "SH-01", ["picker"]);

    const login = await http.anonymous.post("/auth/login", { login: "WANG", password: PASSWORD });
    expect(login.status).toBe(200);
    expect(login.body).toEqual({ user: { id: wang.userId, login: "wang", displayName: "wang", roles: ["staff"], jobRoles: ["picker"], warehouse: "SH-01" }, via: "session" });
    const cookie = login.headers.get("set-cookie")!;
    expect(cookie).toMatch(/^orderflow_session=ofs_[A-Za-z0-9_-]{43};/);
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Lax/);

    // Only a hash of the token is in the database.
    const token = cookie.split(";")[0]!.split("=")[1]!;
    const stored = await db.selectFrom("sessions").select("token_hash").execute();
    expect(stored.map((row) => row.token_hash)).not.toContain(token);
    expect(stored.every((row) => /^[0-9a-f]{64}$/.test(row.token_hash))).toBe(true);

    expect((await wang.get("/auth/me")).body.user.login).toBe("wang");
    const logout = await wang.post("/auth/logout");
    expect(logout.status).toBe(204);
    expect(logout.headers.get("set-cookie")).toMatch(/^orderflow_session=;.*Max-Age=0/);
    const after = await wang.get("/auth/me");
    expect(after.status).toBe(401);
    expect(after.body.error).toMatchObject({ code: "unauthorized", message: "Your session has ended: log in again" });

    const audit = await db.selectFrom("audit_log").select(["actor", "action"]).where("action", "like", "session.%").orderBy("id").execute();
    expect(audit).toEqual([
      { actor: "wang", action: "session.login" },
      { actor: "wang", action: "session.login" },
      { actor: "wang", action: "session.logout" },
    ]);
  });

  test("a wrong password, an unknown login and a disabled user get the same 401", async ({ db }) => {
    const http = httpHarness(db);
    const admin = await http.signIn("root", ["admin"]);
    const created = await admin.post("/users", { login: "li", displayName: "李", password: PASSWORD, roles: ["staff"] });
    expect(created.status).toBe(201);
    const taken = await admin.post("/users", { login: "LI", displayName: "另一个李", roles: ["staff"] });
    expect(taken.status).toBe(409);
    expect(taken.body.error).toMatchObject({ code: "login_taken", field: "/login" });

    const wrong = await http.anonymous.post("/auth/login", { login: "li", password: "not the password" });
    const unknown = await http.anonymous.post("/auth/login", { login: "nobody", password: PASSWORD });
    expect(wrong.status).toBe(401);
    expect(unknown.body).toEqual({ ...wrong.body, error: { ...wrong.body.error, requestId: unknown.body.error.requestId } });

    const li = await http.anonymous.post("/auth/login", { login: "li", password: PASSWORD });
    expect(li.status).toBe(200);
    const liClient = (path: string) => http.anonymous.send(path, { headers: { cookie: li.headers.get("set-cookie")!.split(";")[0]! } });
    expect((await liClient("/auth/me")).status).toBe(200);

    expect((await admin.patch(`/users/${created.body.id}`, { disabled: true })).status).toBe(200);
    expect((await liClient("/auth/me")).status).toBe(401);
    expect((await http.anonymous.post("/auth/login", { login: "li", password: PASSWORD })).status).toBe(401);
  });

  test("every route checks its roles: 401 without credentials, 403 with the wrong role", async ({ db }) => {
    const http = httpHarness(db);
    const staff = await http.signIn("wang", ["staff"]);
    const designer = await http.signIn("li", ["designer"]);
    const flow = { id: "tiny", name: "Tiny", schemaVersion: 1, trigger: { type: "manual" }, nodes: [{ id: "start", kind: "start" }, { id: "done", kind: "end", status: "completed" }], edges: [{ id: "e1", from: "start", outcome: "success", to: "done" }] };
    expect((await designer.put("/flows/tiny", flow)).status).toBe(201);

    const anonymous = await http.anonymous.post("/flows/tiny/publish");
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error.code).toBe("unauthorized");

    const forbidden = await staff.post("/flows/tiny/publish");
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.error).toMatchObject({ code: "forbidden", message: expect.stringContaining("needs the role admin or designer; wang has staff") });
    expect(await db.selectFrom("flow_versions").selectAll().execute()).toEqual([]);

    expect((await staff.get("/users")).status).toBe(403);
    expect((await designer.post("/flows/tiny/publish")).status).toBe(201);
  });

  test("API tokens act with their own roles, are stored hashed and stop working when revoked", async ({ db }) => {
    const http = httpHarness(db);
    const admin = await http.signIn("root", ["admin"]);
    const owner = await admin.post("/users", { login: "taobao-bridge", displayName: "Taobao bridge", roles: ["integrator", "supervisor"] });

    const tooMuch = await admin.post("/api-tokens", { name: "bridge", userId: owner.body.id, roles: ["admin"] });
    expect(tooMuch.status).toBe(400);
    expect(tooMuch.body.error).toMatchObject({ code: "invalid_request", field: "/roles" });

    const made = await admin.post("/api-tokens", { name: "bridge", userId: owner.body.id, roles: ["integrator"] });
    expect(made.status).toBe(201);
    const token: string = made.body.token;
    expect(token).toMatch(/^oft_/);
    const stored = await db.selectFrom("api_tokens").select("token_hash").executeTakeFirstOrThrow();
    expect(stored.token_hash).not.toContain(token);

    const bridge = http.bearer(token);
    expect((await bridge.get("/auth/me")).body).toMatchObject({ user: { login: "taobao-bridge", roles: ["integrator"] }, via: "token" });
    expect((await bridge.get("/alerts")).status).toBe(403); // supervisor is the owner's, not the token's
    expect((await bridge.get("/flows")).status).toBe(200);

    expect((await admin.delete(`/api-tokens/${made.body.apiToken.id}`)).body.revokedAt).not.toBeNull();
    const revoked = await bridge.get("/flows");
    expect(revoked.status).toBe(401);
    expect(revoked.body.error).toMatchObject({ code: "unauthorized", in: "header", field: "authorization" });
    expect((await http.bearer("oft_made-up").get("/flows")).status).toBe(401);
  });

  test("admins give staff their job roles; sessions and the owner's API tokens act with them", async ({ db }) => {
    const http = httpHarness(db);
    const admin = await http.signIn("root", ["admin"]);
    const sun = { login: "sun", displayName: "孙师傅", password: PASSWORD, roles: ["staff"], warehouse: "SH-01" };

    const badId = await admin.post("/users", { ...sun, jobRoles: ["packer", "Picker"] });
    expect(badId.status).toBe(400);
    expect(badId.body.error).toMatchObject({ code: "invalid_request", field: "/jobRoles/1", message: expect.stringContaining("Lowercase letters, digits and \"_\"") });
    expect((await admin.post("/users", { ...sun, jobRoles: ["packer", "packer"] })).body.error).toMatchObject({ field: "/jobRoles" });

    const created = await admin.post("/users", { ...sun, jobRoles: ["packer"] });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ login: "sun", roles: ["staff"], jobRoles: ["packer"], warehouse: "SH-01" });
    const changed = await admin.patch(`/users/${created.body.id}`, { jobRoles: ["picker", "packer"] });
    expect(changed.body.jobRoles).toEqual(["picker", "packer"]);
    expect((await admin.get("/users")).body.users).toContainEqual(expect.objectContaining({ login: "sun", jobRoles: ["picker", "packer"] }));
    const audit = await db.selectFrom("audit_log").select(["before", "after"]).where("action", "=", "user.change").executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ before: { jobRoles: ["packer"] }, after: { jobRoles: ["picker", "packer"] } });
    expect((await admin.post("/users", { login: "root2", displayName: "Root", roles: ["admin"] })).body.jobRoles).toEqual([]);

    const session = await http.anonymous.post("/auth/login", { login: "sun", password: PASSWORD });
    expect(session.body.user.jobRoles).toEqual(["picker", "packer"]);
    const made = await admin.post("/api-tokens", { name: "scanner", userId: created.body.id, roles: ["staff"] });
    expect((await http.bearer(made.body.token).get("/auth/me")).body).toMatchObject({ user: { login: "sun", jobRoles: ["picker", "packer"], warehouse: "SH-01" }, via: "token" });
  });

  test("the first admin is created with the setup code, once", async ({ db }) => {
    const http = httpHarness(db, { setupCode: "the-code" });
    const body = { setupCode: "the-code", login: "admin", displayName: "Admin", password: PASSWORD };

    const wrong = await http.anonymous.post("/setup/first-admin", { ...body, setupCode: "guess" });
    expect(wrong.status).toBe(403);
    const weak = await http.anonymous.post("/setup/first-admin", { ...body, password: "short" });
    expect(weak.status).toBe(400);
    expect(weak.body.error).toMatchObject({ field: "/password", message: expect.stringContaining("/password: must NOT have fewer than 10 characters") });

    expect((await http.anonymous.post("/setup/first-admin", body)).status).toBe(201);
    expect((await http.anonymous.post("/auth/login", { login: "admin", password: PASSWORD })).status).toBe(200);
    const again = await http.anonymous.post("/setup/first-admin", { ...body, login: "admin2" });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe("setup_closed");
  });

  test("the last admin cannot be disabled or lose the role", async ({ db }) => {
    const http = httpHarness(db);
    const admin = await http.signIn("root", ["admin"]);
    const refused = await admin.patch(`/users/${admin.userId}`, { roles: ["designer"] });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe("last_admin");
    expect((await admin.get("/auth/me")).body.user.roles).toEqual(["admin"]);
  });
});
