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

    const admin = await createFirstAdmin(db, { login: "Admin", displayName: "Administrator", password: "a long passphrase" });
    expect(admin).toMatchObject({ login: "admin", roles: ["admin"], disabled: false });
    expect(await firstAdminSetup(db)).toBeUndefined();
    await expect(createFirstAdmin(db, { login: "second", displayName: "Second", password: "a long passphrase" })).rejects.toBeInstanceOf(AdminExistsError);

    const audit = await db.selectFrom("audit_log").select(["actor", "action", "target_id"]).execute();
    expect(audit).toEqual([{ actor: "setup", action: "user.create", target_id: admin.id }]);
  });

  test("logins are unique whatever their case, and only hashes of passwords are stored", async ({ db }) => {
    await createUser(db, { login: "wang", displayName: "王", password: "a long passphrase", roles: ["staff"] }, { by: "admin" });
    await expect(createUser(db, { login: "WANG", displayName: "王二", roles: ["staff"] }, { by: "admin" })).rejects.toBeInstanceOf(LoginTakenError);
    const row = await db.selectFrom("users").select(["login", "password_hash"]).executeTakeFirstOrThrow();
    expect(row.login).toBe("wang");
    expect(row.password_hash).toMatch(/^scrypt\$/);
  });
});
