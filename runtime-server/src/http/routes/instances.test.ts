import { describe, expect } from "vitest";
import { databaseCases, testWithDatabase } from "../../storage/testing";
import { httpHarness, template } from "../testing";

const tiny = (inputSchema?: object) => ({
  id: "tiny",
  name: "Tiny",
  schemaVersion: 1,
  trigger: { type: "manual" },
  ...(inputSchema ? { inputSchema } : {}),
  nodes: [
    { id: "start", kind: "start" },
    { id: "paid", kind: "wait", name: { en: "Wait for payment" }, until: { type: "event", event: "payment.confirmed", correlation: { var: "input.orderNo" } } },
    { id: "done", kind: "end", status: "completed" },
  ],
  edges: [
    { id: "e1", from: "start", outcome: "success", to: "paid" },
    { id: "e2", from: "paid", outcome: "success", to: "done" },
  ],
});

describe.each(await databaseCases())("instances over HTTP on %s", (dialect) => {
  const test = testWithDatabase(dialect);

  test("publish, start, read the timeline; a new version leaves the running instance on its own", async ({ db }) => {
    const http = httpHarness(db);
    const designer = await http.signIn("li", ["designer"]);
    const supervisor = await http.signIn("zhao", ["supervisor"]);
    const flow = template("flow.json");
    const order = template("events.json").input;
    await designer.put("/flows/order_fulfilment", flow);
    await designer.post("/flows/order_fulfilment/publish");

    const started = await supervisor.post("/instances", { flowId: "order_fulfilment", input: order });
    expect(started.status).toBe(201);
    expect(started.body).toMatchObject({ flowId: "order_fulfilment", flowVersion: 1, status: "running", waitingAt: ["reserve"] });
    const id: string = started.body.id;

    await http.drainOutbox();
    const read = await supervisor.get(`/instances/${id}`);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ id, status: "running", waitingAt: ["pick"], input: order });
    const lines = read.body.timeline.map((entry: { text: string }) => entry.text);
    expect(lines.slice(0, 4)).toEqual(["started (by zhao)", "Order received: entered", 'Order received: left with outcome "success"', "Automatic audit: entered"]);
    expect(lines).toContain('Automatic audit: decided "pass" (no condition held)');
    expect(read.body.timeline.find((entry: { type: string }) => entry.type === "decided").data.explanation).toContain("✗ any of:");
    expect(lines).toContain("Reserve stock: call inventory.reserve");
    expect(lines).toContain("Pick: task opened for role picker in SH-01");
    expect(read.body.timeline.map((entry: { seq: number }) => entry.seq)).toEqual(read.body.timeline.map((_: unknown, i: number) => i + 1));

    await designer.put("/flows/order_fulfilment", { ...flow, description: "v2" });
    expect((await designer.post("/flows/order_fulfilment/publish")).body.version).toBe(2);
    const stillV1 = await supervisor.get(`/instances/${id}`);
    expect(stillV1.body).toMatchObject({ flowVersion: 1, waitingAt: ["pick"] });
    const second = await supervisor.post("/instances", { flowId: "order_fulfilment", input: order });
    expect(second.body.flowVersion).toBe(2);
    const pinned = await supervisor.post("/instances", { flowId: "order_fulfilment", version: 1, input: order });
    expect(pinned.body.flowVersion).toBe(1);

    const listed = await supervisor.get("/instances?flowId=order_fulfilment&limit=2");
    expect(listed.body.instances).toHaveLength(2);
  });

  test("messages reach the instance waiting for them; events it does not wait for are refused with 409", async ({ db }) => {
    const http = httpHarness(db);
    const designer = await http.signIn("li", ["designer"]);
    const admin = await http.signIn("root", ["admin"]);
    await designer.put("/flows/tiny", tiny());
    await designer.post("/flows/tiny/publish");
    const a = (await admin.post("/instances", { flowId: "tiny", input: { orderNo: "A1" } })).body.id;
    const b = (await admin.post("/instances", { flowId: "tiny", input: { orderNo: "B2" } })).body.id;

    const wrong = await admin.post(`/instances/${a}/events`, { type: "message", event: "payment.confirmed", correlation: "B2" });
    expect(wrong.status).toBe(409);
    expect(wrong.body.error).toMatchObject({ code: "event_not_accepted", message: expect.stringContaining("waits at paid") });

    const delivered = await admin.post("/messages", { event: "payment.confirmed", correlation: "B2" });
    expect(delivered.body).toEqual({ deliveredTo: [b] });
    expect((await admin.get(`/instances/${b}`)).body.status).toBe("completed");

    const direct = await admin.post(`/instances/${a}/events`, { type: "message", event: "payment.confirmed", correlation: "A1" });
    expect(direct.status).toBe(200);
    expect(direct.body.status).toBe("completed");
    const finished = await admin.post(`/instances/${a}/events`, { type: "message", event: "payment.confirmed", correlation: "A1" });
    expect(finished.status).toBe(409);
    expect(finished.body.error.message).toContain("has finished (completed)");

    const badType = await admin.post(`/instances/${a}/events`, { type: "timer.fired", key: "x" });
    expect(badType.status).toBe(400);
    expect(badType.body.error).toMatchObject({ field: "/type", message: '/type: must be one of "message", "exception.retry", "exception.skip"' });
    const noNode = await admin.post(`/instances/${a}/events`, { type: "exception.retry" });
    expect(noNode.body.error.problems).toEqual([{ field: "/node", message: "is required" }]);
  });

  test("cancel stops a running instance once and says why in the timeline", async ({ db }) => {
    const http = httpHarness(db);
    const designer = await http.signIn("li", ["designer"]);
    const supervisor = await http.signIn("zhao", ["supervisor"]);
    const staff = await http.signIn("wang", ["staff"]);
    await designer.put("/flows/tiny", tiny());
    await designer.post("/flows/tiny/publish");
    const id = (await supervisor.post("/instances", { flowId: "tiny", input: { orderNo: "A1" } })).body.id;

    expect((await staff.post(`/instances/${id}/cancel`, { reason: "no" })).status).toBe(403);
    expect((await supervisor.post(`/instances/${id}/cancel`, {})).body.error).toMatchObject({ field: "/reason" });
    const cancelled = await supervisor.post(`/instances/${id}/cancel`, { reason: "buyer cancelled the order" });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ status: "cancelled", waitingAt: [] });
    expect((await supervisor.post(`/instances/${id}/cancel`, { reason: "again" })).status).toBe(409);

    const timeline = (await supervisor.get(`/instances/${id}`)).body.timeline;
    expect(timeline).toContainEqual(expect.objectContaining({ kind: "event", type: "cancel", actor: "zhao", text: "cancel asked for: buyer cancelled the order (by zhao)" }));
    const audit = await db.selectFrom("audit_log").select(["actor", "action", "target_id"]).where("target_type", "=", "instance").orderBy("id").execute();
    expect(audit).toEqual([
      { actor: "zhao", action: "instance.start", target_id: id },
      { actor: "zhao", action: "instance.cancel", target_id: id },
    ]);
  });

  test("starting checks the flow exists, is published, and that the input fits its inputSchema", async ({ db }) => {
    const http = httpHarness(db);
    const designer = await http.signIn("li", ["designer"]);
    const integrator = await http.signIn("bridge", ["integrator"]);

    const unknown = await integrator.post("/instances", { flowId: "nope", input: {} });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.field).toBe("/flowId");

    await designer.put("/flows/tiny", tiny({ type: "object", required: ["orderNo"], properties: { orderNo: { type: "string" }, total: { type: "number" } } }));
    const unpublished = await integrator.post("/instances", { flowId: "tiny", input: {} });
    expect(unpublished.status).toBe(409);
    expect(unpublished.body.error.code).toBe("not_published");

    await designer.post("/flows/tiny/publish");
    const badInput = await integrator.post("/instances", { flowId: "tiny", input: { total: "much" } });
    expect(badInput.status).toBe(400);
    expect(badInput.body.error.problems).toEqual([
      { field: "/input/orderNo", message: "is required" },
      { field: "/input/total", message: "must be number" },
    ]);
    expect((await integrator.post("/instances", { flowId: "tiny", version: 7, input: { orderNo: "A" } })).status).toBe(404);
    expect((await integrator.post("/instances", { flowId: "tiny", input: { orderNo: "A" } })).status).toBe(201);
    expect(await db.selectFrom("instances").select("id").execute()).toHaveLength(1);
  });
});
