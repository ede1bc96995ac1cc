import { describe, expect } from "vitest";
import { databaseCases, testWithDatabase } from "../storage/testing";
import { AdminExistsError, createFirstAdmin, firstAdminSetup } from "./first-admin";
import { createUser, LoginTakenError } from "./users";

describe.each(await databaseCases())("users and the first admin on %s", (dialect) => {
  const test = testWithDatabase(dialect);

  test("a fresh installation prints how to create the first admin, once", async ({ db }) => {
    const setup = await firstAdminSetup(db);
    expect(setup).toBeDefined();
    const text = setup!.instructions("http://localhost:3000");
    expect(text).toContain("http://localhost:3000/setup/first-admin");
    expect(text).toContain(setup!.code);
    expect(text).toContain('"jobRoles":["picker","packer"]');

    const admin = await createFirstAdmin(db, { login: "Admin", displayName: "Administrator", password: "a long passphrase" });
    expect(admin).toMatchObject({ login: "admin", roles: ["admin"], disabled: false });
    expect(await firstAdminSetup(db)).toBeUndefined();
    await expect(createFirstAdmin(db, { login: "second", displayName: "Second", password: "a long passphrase" })).rejects.toBeInstanceOf(AdminExistsError);

    const audit = await db.selectFrom("audit_log").select(["actor", "action", "target_id"]).execute();
    expect(audit).toEqual([{ actor: "setup", action: "user.create", target_id: admin.id }]);
  });

  test("job roles are ids as flows name them, kept once each", async ({ db }) => {
    const user = { login: "wang", displayName: "王", roles: ["staff" as const], warehouse: "SH-01" };
    await expect(createUser(db, { ...user, jobRoles: ["picker", "Packer"] }, { by: "admin" })).rejects.toThrow('"Packer" is not a usable job role: use lowercase letters');
    expect(await createUser(db, { ...user, jobRoles: ["picker", "packer", "picker"] }, { by: "admin" })).toMatchObject({ jobRoles: ["picker", "packer"] });
    expect(await createUser(db, { ...user, login: "li" }, { by: "admin" })).toMatchObject({ jobRoles: [] });
  });

  test("logins are unique whatever their case, and only hashes of passwords are stored", async ({ db }) => {
    await createUser(db, { login: "wang", displayName: "王", password: "a long passphrase", roles: ["staff"] }, { by: "admin" });
    await expect(createUser(db, { login: "WANG", displayName: "王二", roles: ["staff"] }, { by: "admin" })).rejects.toBeInstanceOf(LoginTakenError);
    const row = await db.selectFrom("users").select(["login", "password_hash"]).executeTakeFirstOrThrow();
    expect(row.login).toBe("wang");
    expect(row.password_hash).toMatch(/^scrypt\$/);
  });
});
