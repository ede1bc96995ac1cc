import { describe, expect } from "vitest";
import { databaseCases, testWithDatabase } from "../../storage/testing";
import { httpHarness, template } from "../testing";

describe.each(await databaseCases())("flows over HTTP on %s", (dialect) => {
  const test = testWithDatabase(dialect);

  test("a draft is saved, listed, published as versions 1 and 2, and exported", async ({ db }) => {
    const http = httpHarness(db);
    const designer = await http.signIn("li", ["designer"]);
    const flow = template("flow.json");

    const created = await designer.put("/flows/order_fulfilment", flow);
    expect(created.status).toBe(201);
    expect(created.body.flow).toMatchObject({ id: "order_fulfilment", name: flow.name, updatedBy: "li", latestVersion: null });
    expect(created.body.problems.filter((p: { severity: string }) => p.severity === "error")).toEqual([]);

    const first = await designer.post("/flows/order_fulfilment/publish");
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ flowId: "order_fulfilment", version: 1, publishedBy: "li" });

    const edited = { ...flow, description: { en: "second edition" } };
    expect((await designer.put("/flows/order_fulfilment", edited)).status).toBe(200);
    expect((await designer.post("/flows/order_fulfilment/publish")).body.version).toBe(2);

    const list = await designer.get("/flows");
    expect(list.body.flows).toEqual([expect.objectContaining({ id: "order_fulfilment", latestVersion: 2 })]);
    const versions = await designer.get("/flows/order_fulfilment/versions");
    expect(versions.body.versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    const one = await designer.get("/flows/order_fulfilment/versions/1");
    expect(one.body.document.description).toEqual(flow.description);
    expect((await designer.get("/flows/order_fulfilment/versions/3")).status).toBe(404);

    const exported = await designer.get("/flows/order_fulfilment/export?version=2");
    expect(exported.headers.get("content-disposition")).toBe('attachment; filename="order_fulfilment.v2.flow.json"');
    expect(exported.body.description).toEqual({ en: "second edition" });
    expect((await designer.get("/flows/order_fulfilment/export")).body).toEqual(edited);

    const audit = await db.selectFrom("audit_log").select(["actor", "action", "after"]).where("target_type", "=", "flow").orderBy("id").execute();
    expect(audit.map((row) => row.action)).toEqual(["flow.save", "flow.publish", "flow.save", "flow.publish"]);
    expect(audit[1]!.after).toEqual({ version: 1 });
  });

  test("a flow comes back exactly as written: every key in its order, so a form's fields keep theirs", async ({ db }) => {
    const http = httpHarness(db);
    const designer = await http.signIn("li", ["designer"]);
    const flow = template("flow.json");
    const [formId, form] = Object.entries(flow.forms as Record<string, { schema: { properties: Record<string, unknown> } }>)[0]!;
    // Fields in the order staff should fill them in: neither alphabetical nor by length, as jsonb would sort them.
    const fields = Object.entries(form.schema.properties);
    form.schema.properties = Object.fromEntries([...fields].reverse());
    const written = JSON.stringify(flow);

    expect((await designer.put("/flows/order_fulfilment", flow)).status).toBe(201);
    expect(JSON.stringify((await designer.get("/flows/order_fulfilment")).body.draft)).toBe(written);
    expect((await designer.post("/flows/order_fulfilment/publish")).status).toBe(201);
    expect(JSON.stringify((await designer.get("/flows/order_fulfilment/versions/1")).body.document)).toBe(written);
    expect(JSON.stringify((await designer.get("/flows/order_fulfilment/export")).body)).toBe(written);
    const published = (await designer.get("/flows/order_fulfilment/versions/1")).body.document;
    expect(Object.keys(published.forms[formId].schema.properties)).toEqual(fields.map(([name]) => name).reverse());
  });

  test("publishing an invalid draft answers 422 with every problem and its pointer, and publishes nothing", async ({ db }) => {
    const http = httpHarness(db);
    const designer = await http.signIn("li", ["designer"]);
    const flow = template("flow.json");
    const broken = {
      ...flow,
      nodes: flow.nodes.map((node: { id: string }) => (node.id === "reserve" ? { ...node, retry: { maxAttempts: 0 } } : node)),
      edges: flow.edges.map((edge: { id: string }) => (edge.id === "e2" ? { ...edge, to: "reserv" } : edge)),
    };
    const saved = await designer.put("/flows/order_fulfilment", broken);
    expect(saved.status).toBe(201);

    const refused = await designer.post("/flows/order_fulfilment/publish");
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe("invalid_flow");
    const pointers = refused.body.error.problems.map((p: { pointer: string }) => p.pointer);
    const reserve = flow.nodes.findIndex((node: { id: string }) => node.id === "reserve");
    expect(pointers).toContain(`/nodes/${reserve}/retry/maxAttempts`);
    expect(pointers).toContain("/edges/1/to");
    expect(refused.body.error.message).toContain("cannot be published");
    expect(refused.body.error.problems.find((p: { pointer: string }) => p.pointer === "/edges/1/to").message).toContain('Did you mean "reserve"?');
    expect(await db.selectFrom("flow_versions").selectAll().execute()).toEqual([]);

    const validated = await designer.post("/flows/validate", broken);
    expect(validated.status).toBe(200);
    expect(validated.body.ok).toBe(false);
    expect(validated.body.problems.map((p: { pointer: string }) => p.pointer)).toEqual(pointers);
  });

  test("a draft's id is the one in the path; import refuses to overwrite unless asked", async ({ db }) => {
    const http = httpHarness(db);
    const designer = await http.signIn("li", ["designer"]);
    const flow = template("flow.json");

    const mismatch = await designer.put("/flows/other_id", flow);
    expect(mismatch.status).toBe(400);
    expect(mismatch.body.error).toMatchObject({ code: "invalid_request", field: "/id", in: "body" });

    const nameless = await designer.put("/flows/order_fulfilment", { id: "order_fulfilment" });
    expect(nameless.status).toBe(400);
    expect(nameless.body.error.problems).toEqual([{ field: "/name", message: "is required" }]);

    expect((await designer.post("/flows/import", flow)).status).toBe(201);
    const again = await designer.post("/flows/import", { ...flow, description: "replaced" });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe("flow_exists");
    const replaced = await designer.post("/flows/import?replace=true", { ...flow, description: "replaced" });
    expect(replaced.status).toBe(200);
    expect((await designer.get("/flows/order_fulfilment")).body.draft.description).toBe("replaced");
    expect((await designer.get("/flows/nothing_here")).status).toBe(404);
  });
});
