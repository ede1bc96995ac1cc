import { describe, expect } from "vitest";
import { createWorker, type ConnectorCall, type ConnectorOutcome, type ConnectorRuntime } from "../../execution/worker";
import { receiveOrder } from "../../intake/receive-order";
import { databaseCases, testWithDatabase } from "../../storage/testing";
import { httpHarness } from "../testing";

const chargeFlow = {
  id: "charge",
  name: "Charge and ship",
  schemaVersion: 1,
  trigger: { type: "order" },
  nodes: [
    { id: "start", kind: "start" },
    { id: "reserve", kind: "action", name: { zh: "锁定库存", en: "Reserve stock" }, connector: "inventory", action: "reserve", input: {}, retry: { maxAttempts: 1 }, compensation: { connector: "inventory", action: "release", input: {} } },
    { id: "charge", kind: "action", name: { zh: "扣款", en: "Charge" }, connector: "payments", action: "charge", input: { orderNo: { var: "input.orderNo" } }, retry: { maxAttempts: 2 } },
    { id: "paid", kind: "wait", until: { type: "event", event: "shipped", correlation: { var: "input.orderNo" } } },
    { id: "done", kind: "end", status: "completed" },
  ],
  edges: [
    { id: "e1", from: "start", outcome: "success", to: "reserve" },
    { id: "e2", from: "reserve", outcome: "success", to: "charge" },
    { id: "e3", from: "charge", outcome: "success", to: "paid" },
    { id: "e4", from: "paid", outcome: "success", to: "done" },
  ],
};

/** Connectors that answer from a script per action (then succeed), remembering every call. */
function scriptedConnectors(script: Record<string, ConnectorOutcome[]>): ConnectorRuntime & { calls: ConnectorCall[] } {
  const calls: ConnectorCall[] = [];
  return {
    calls,
    async invoke(call) {
      calls.push(call);
      return script[`${call.connector}.${call.action}`]?.shift() ?? { ok: true, output: { ok: 1 } };
    },
    async notify() {
      return { ok: true, output: {} };
    },
  };
}

const declined: ConnectorOutcome = { ok: false, error: { code: "card_declined", message: "the card was declined" }, retryable: false };

describe.each(await databaseCases())("the exceptions list over HTTP on %s", (dialect) => {
  const test = testWithDatabase(dialect);

  async function setUp(db: Parameters<typeof httpHarness>[0], script: Record<string, ConnectorOutcome[]>) {
    const http = httpHarness(db);
    const designer = await http.signIn("li", ["designer"]);
    const supervisor = await http.signIn("zhao", ["supervisor"]);
    await designer.put("/flows/charge", chargeFlow);
    await designer.post("/flows/charge/publish");
    const connectors = scriptedConnectors(script);
    const worker = createWorker({ execution: http.execution, connectors, owner: "test-worker", random: () => 0.5 });
    const drain = async () => {
      while ((await worker.runOnce()) > 0);
    };
    const order = async (platformOrderNo: string) => {
      const receipt = await receiveOrder(http.execution, { channel: "taobao", shop: "s1", platformOrderNo, data: {} });
      if (receipt.status !== "created") throw new Error("the order was not created");
      await drain();
      return { orderId: receipt.orderId, instanceId: receipt.instances[0]! };
    };
    return { http, supervisor, connectors, drain, order };
  }

  test("a step that failed for good is listed; retry calls again under a new key and the instance goes on, once", async ({ db }) => {
    const { http, supervisor, connectors, drain, order } = await setUp(db, { "payments.charge": [declined] });
    const staff = await http.signIn("wang", ["staff"]);
    const { orderId, instanceId } = await order("3398-1");

    const listed = await supervisor.get("/exceptions");
    expect(listed.status).toBe(200);
    expect(listed.body.exceptions).toEqual([
      {
        id: expect.stringMatching(/^step-\d+$/),
        kind: "step",
        instanceId,
        flowId: "charge",
        node: "charge",
        nodeName: { zh: "扣款", en: "Charge" },
        effect: "payments.charge",
        error: { code: "card_declined", message: "the card was declined" },
        attempts: 1,
        orderId,
        platformOrderNo: "3398-1",
        since: "2026-11-22T01:00:00.000Z",
      },
    ]);
    const id: string = listed.body.exceptions[0].id;
    expect((await supervisor.get(`/instances/${instanceId}`)).body.exceptions).toEqual(["charge"]);
    expect((await staff.get("/exceptions")).status).toBe(403);
    expect((await staff.post(`/exceptions/${id}/retry`)).status).toBe(403);

    const retried = await supervisor.post(`/exceptions/${id}/retry`);
    expect(retried.status).toBe(200);
    expect(retried.body).toMatchObject({ id, instance: { exceptions: [], waitingAt: ["charge"] } });
    expect((await supervisor.get("/exceptions")).body.exceptions).toEqual([]);
    const again = await supervisor.post(`/exceptions/${id}/retry`);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe("exception_answered");

    await drain();
    const charges = connectors.calls.filter((call) => call.action === "charge").map((call) => call.idempotencyKey);
    expect(charges).toHaveLength(2);
    expect(charges[1]).toBe(`${charges[0]}:retry1`);
    expect((await supervisor.get(`/instances/${instanceId}`)).body).toMatchObject({ status: "running", waitingAt: ["paid"], exceptions: [] });
    const timeline = (await supervisor.get(`/orders/${orderId}`)).body.timeline.map((entry: { text: string }) => entry.text);
    expect(timeline).toContain("Charge: stopped in the exceptions list: the card was declined");
    expect(timeline).toContain("Charge: retry of charge asked for (by zhao)");

    const audit = await db.selectFrom("audit_log").select(["actor", "action", "target_type", "target_id"]).where("target_type", "=", "exception").execute();
    expect(audit).toEqual([{ actor: "zhao", action: "exception.retry", target_type: "exception", target_id: id }]);
    expect((await supervisor.post("/exceptions/step-999999/retry")).status).toBe(404);
    expect((await supervisor.post("/exceptions/mine/retry")).body.error).toMatchObject({ in: "path", field: "id" });
  });

  test("skip goes on with the output given; cancel ends the instance cancelled and undoes what it did", async ({ db }) => {
    const { supervisor, connectors, drain, order } = await setUp(db, { "payments.charge": [declined, declined] });
    const skipped = await order("3398-2");
    const cancelled = await order("3398-3");
    const entries: { id: string; instanceId: string }[] = (await supervisor.get("/exceptions")).body.exceptions;
    expect(entries.map((entry) => entry.instanceId).sort()).toEqual([skipped.instanceId, cancelled.instanceId].sort());
    const idOf = (instanceId: string) => entries.find((entry) => entry.instanceId === instanceId)!.id;

    const skip = await supervisor.post(`/exceptions/${idOf(skipped.instanceId)}/skip`, { output: { paidBy: "bank transfer" } });
    expect(skip.status).toBe(200);
    expect(skip.body.instance).toMatchObject({ status: "running", waitingAt: ["paid"], exceptions: [] });

    expect((await supervisor.post(`/exceptions/${idOf(cancelled.instanceId)}/cancel`, {})).body.error).toMatchObject({ field: "/reason" });
    const cancel = await supervisor.post(`/exceptions/${idOf(cancelled.instanceId)}/cancel`, { reason: "the buyer gave up" });
    expect(cancel.status).toBe(200);
    expect(cancel.body.instance).toMatchObject({ status: "cancelled", exceptions: [] });
    expect((await supervisor.get("/exceptions")).body.exceptions).toEqual([]);
    expect((await supervisor.post(`/exceptions/${idOf(skipped.instanceId)}/cancel`, { reason: "late" })).status).toBe(409);

    await drain();
    expect(connectors.calls.filter((call) => call.action === "release")).toHaveLength(1);
    expect(connectors.calls.filter((call) => call.action === "charge")).toHaveLength(2);
    const actions = await db.selectFrom("audit_log").select("action").where("target_type", "=", "exception").orderBy("id").execute();
    expect(actions.map((row) => row.action)).toEqual(["exception.skip", "exception.cancel"]);
  });

  test("an undo that failed every attempt is listed; retry queues it again under its own key, skip drops it", async ({ db }) => {
    const releaseFails: ConnectorOutcome = { ok: false, error: { message: "warehouse system down" }, retryable: false };
    const { supervisor, connectors, drain, order } = await setUp(db, { "inventory.release": [releaseFails, releaseFails] });
    const first = await order("3398-4");
    const second = await order("3398-5");
    for (const { instanceId } of [first, second]) await supervisor.post(`/instances/${instanceId}/cancel`, { reason: "fraud" });
    await drain();

    const entries: { id: string; instanceId: string; kind: string; effect: string; error: { message: string }; orderId: string }[] = (await supervisor.get("/exceptions?kind=outbox")).body.exceptions;
    expect(entries).toHaveLength(2);
    expect(entries[0]).toMatchObject({ kind: "outbox", effect: "undo inventory.release", error: { message: "warehouse system down" }, attempts: 1, flowId: "charge" });
    const byOrder = await supervisor.get(`/exceptions?orderId=${first.orderId}`);
    expect(byOrder.body.exceptions.map((entry: { instanceId: string }) => entry.instanceId)).toEqual([first.instanceId]);
    expect((await supervisor.get("/exceptions?kind=step")).body.exceptions).toEqual([]);
    const idOf = (instanceId: string) => entries.find((entry) => entry.instanceId === instanceId)!.id;

    const retried = await supervisor.post(`/exceptions/${idOf(first.instanceId)}/retry`);
    expect(retried.status).toBe(200);
    expect(retried.body.instance).toMatchObject({ status: "cancelled" });
    const skipped = await supervisor.post(`/exceptions/${idOf(second.instanceId)}/skip`, {});
    expect(skipped.status).toBe(200);
    expect((await supervisor.post(`/exceptions/${idOf(second.instanceId)}/retry`)).status).toBe(409);
    expect((await supervisor.get("/exceptions")).body.exceptions).toEqual([]);

    await drain();
    const releases = connectors.calls.filter((call) => call.action === "release");
    expect(releases).toHaveLength(3);
    // The same effect again, so under the key of the first instance's failed call: the warehouse system undoes it once.
    expect(releases[2]!.idempotencyKey.startsWith(first.instanceId)).toBe(true);
    expect(releases.slice(0, 2).map((call) => call.idempotencyKey)).toContain(releases[2]!.idempotencyKey);
    const outbox = await db.selectFrom("outbox").select(["key", "status"]).where("type", "=", "action.invoke").where("key", "in", releases.map((call) => call.idempotencyKey)).orderBy("key").execute();
    expect(outbox.map((row) => row.status).sort()).toEqual(["cancelled", "done"]);
  });
});
