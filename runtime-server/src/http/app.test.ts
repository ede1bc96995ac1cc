import { hc } from "hono/client";
import { describe, expect } from "vitest";
import { databaseCases, testWithDatabase } from "../storage/testing";
import type { App } from "./app";
import type { InternalErrorReport } from "./env";
import { httpHarness } from "./testing";

describe.each(await databaseCases())("the app's limits and errors on %s", (dialect) => {
  const test = testWithDatabase(dialect);

  test("a body over the limit is refused with 413 before it is read, JSON and uploads alike", async ({ db }) => {
    const http = httpHarness(db, { limits: { jsonBytes: 1000, fileBytes: 2000 } });
    const designer = await http.signIn("li", ["designer"]);
    const staff = await http.signIn("wang", ["staff"]);
    const big = { id: "big", name: "Big", description: "x".repeat(1000) };

    const text = JSON.stringify(big);
    const json = await designer.send("/flows/big", { method: "PUT", headers: { "content-type": "application/json", "content-length": String(Buffer.byteLength(text)) }, body: text });
    expect(json.status).toBe(413);
    expect(json.body.error).toMatchObject({ code: "payload_too_large", message: "The body is larger than 1000 bytes, the most this route accepts" });
    expect(await db.selectFrom("flows").select("id").execute()).toEqual([]);

    // Without a Content-Length the body is counted as it streams in.
    const streamed = await designer.send("/flows/big", {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: new ReadableStream({
        start(controller) {
          controller.enqueue(new TextEncoder().encode(JSON.stringify(big)));
          controller.close();
        },
      }),
      duplex: "half",
    } as RequestInit);
    expect(streamed.status).toBe(413);

    expect((await staff.upload("/files", new Uint8Array(2001), "image/png")).status).toBe(413);
    expect((await staff.upload("/files", new Uint8Array(1500).fill(7), "image/png")).status).toBe(201);
  });

  test("malformed JSON, a wrong content type and an unknown route get JSON errors", async ({ db }) => {
    const http = httpHarness(db);
    const designer = await http.signIn("li", ["designer"]);

    const malformed = await designer.send("/flows/validate", { method: "POST", headers: { "content-type": "application/json" }, body: "{ not json" });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe("malformed_json");

    const form = await designer.send("/flows/validate", { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "a=b" });
    expect(form.status).toBe(415);

    const unknown = await designer.get("/nothing/here");
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toMatchObject({ code: "not_found", message: expect.stringContaining("No route GET /nothing/here") });
  });

  test("an unexpected failure answers 500 with a request id and no stack; the details go to the report", async ({ storage }) => {
    const reports: InternalErrorReport[] = [];
    const http = httpHarness(storage.db, { reportError: (report) => reports.push(report) });
    const designer = await http.signIn("li", ["designer"]);
    await storage.db.schema.dropTable("flow_versions").cascade().execute();

    const failed = await designer.get("/flows");
    expect(failed.status).toBe(500);
    expect(failed.body.error.code).toBe("internal");
    expect(failed.body.error.message).toContain(failed.body.error.requestId);
    expect(failed.headers.get("x-request-id")).toBe(failed.body.error.requestId);
    expect(JSON.stringify(failed.body)).not.toMatch(/flow_versions|at .*\.ts|node_modules/);
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatchObject({ requestId: failed.body.error.requestId, method: "GET", path: "/flows" });
    expect(String(reports[0]!.error)).toContain("flow_versions");
  });

  test("the exported App type drives a typed client (hono/client)", async ({ db }) => {
    const http = httpHarness(db);
    const designer = await http.signIn("li", ["designer"]);
    const client = hc<App>("http://localhost", { fetch: (input: string | URL | Request, init?: RequestInit) => http.app.request(input, init), headers: { cookie: designer.cookie } });

    const me = await client.auth.me.$get();
    expect((await me.json()).user.login).toBe("li");
    const saved = await client.flows[":id"].$put({ param: { id: "tiny" }, json: { id: "tiny", name: "Tiny" } });
    expect(saved.status).toBe(201);
    const published = await client.flows[":id"].publish.$post({ param: { id: "tiny" } });
    expect(published.status).toBe(422);
  });
});
