import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect } from "vitest";
import { databaseCases, testWithDatabase } from "../../storage/testing";
import { directoryFiles } from "../designer-files";
import { httpHarness } from "../testing";

// A build as `vite build` lays it out: index.html and hashed files under assets/.
const build = mkdtempSync(join(tmpdir(), "orderflow-designer-"));
mkdirSync(join(build, "assets"));
writeFileSync(join(build, "index.html"), '<!doctype html><div id="root"></div><script type="module" src="/assets/index-Ab12.js"></script>');
writeFileSync(join(build, "assets", "index-Ab12.js"), "console.log('designer')");
writeFileSync(join(build, "assets", "index-Cd34.css"), "body{margin:0}");
writeFileSync(join(tmpdir(), "orderflow-outside.js"), "secret");
afterAll(() => {
  rmSync(build, { recursive: true, force: true });
  rmSync(join(tmpdir(), "orderflow-outside.js"), { force: true });
});

describe.each(await databaseCases())("the designer's pages on %s", (dialect) => {
  const test = testWithDatabase(dialect);

  test("/ is the app, never cached; its assets are cached for a year; the API answers as before", async ({ db }) => {
    const http = httpHarness(db, { designer: directoryFiles(build) });
    const page = await http.anonymous.get("/");
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toMatch(/^text\/html/);
    expect(page.headers.get("cache-control")).toBe("no-cache");
    expect(page.body).toContain('<div id="root">');

    const script = await http.anonymous.get("/assets/index-Ab12.js");
    expect(script.status).toBe(200);
    expect(script.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(script.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(script.body).toBe("console.log('designer')");
    expect((await http.anonymous.get("/assets/index-Cd34.css")).headers.get("content-type")).toBe("text/css; charset=utf-8");

    const missing = await http.anonymous.get("/assets/index-old.js");
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toContain("reload the page");
    expect((await http.anonymous.get("/assets/..%2F..%2Forderflow-outside.js")).status).not.toBe(200);

    // The API keeps its root paths and its JSON answers.
    const me = await http.anonymous.get("/auth/me");
    expect(me.status).toBe(401);
    expect(me.body.error.code).toBe("unauthorized");
    const admin = await http.signIn("admin", ["admin"]);
    const orders = await admin.get("/orders");
    expect(orders.status).toBe(200);
    expect(orders.body).toEqual({ orders: [], nextCursor: null });
    expect((await http.anonymous.get("/no-such-route")).body.error.code).toBe("not_found");
  });

  test("without a build, / says how to make one and the API still works", async ({ db }) => {
    for (const http of [httpHarness(db, { designer: directoryFiles(join(build, "not-there")) }), httpHarness(db)]) {
      const page = await http.anonymous.get("/");
      expect(page.status).toBe(503);
      expect(page.headers.get("cache-control")).toBe("no-store");
      expect(page.body).toContain("npm run build -w designer");
      expect(page.body).toContain("设计器尚未构建");
      expect((await http.anonymous.get("/assets/index-Ab12.js")).status).toBe(404);
      expect((await http.anonymous.get("/auth/me")).status).toBe(401);
    }
  });
});
