import { describe, expect, test } from "vitest";
import { hashPassword, verifyPassword } from "./passwords";

describe("password hashes", () => {
  test("match the password they were made from, and no other", async () => {
    const stored = await hashPassword("correct horse battery");
    expect(stored).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(stored).not.toContain("correct horse battery");
    expect(await verifyPassword("correct horse battery", stored)).toBe(true);
    expect(await verifyPassword("correct horse batterY", stored)).toBe(false);
  });

  test("are salted: one password hashes differently each time", async () => {
    expect(await hashPassword("same password")).not.toBe(await hashPassword("same password"));
  });

  test("a missing or damaged hash never matches", async () => {
    expect(await verifyPassword("anything at all", null)).toBe(false);
    expect(await verifyPassword("anything at all", "scrypt$x$8$1$abc$def")).toBe(false);
    expect(await verifyPassword("anything at all", "md5$whatever")).toBe(false);
  });

  test("a login without a hash costs as much time as one with a hash", async () => {
    const stored = await hashPassword("correct horse battery");
    const time = async (run: () => Promise<unknown>) => {
      const start = performance.now();
      await run();
      return performance.now() - start;
    };
    const real = await time(() => verifyPassword("wrong password!", stored));
    const missing = await time(() => verifyPassword("wrong password!", undefined));
    expect(missing).toBeGreaterThan(real * 0.5);
  });
});
