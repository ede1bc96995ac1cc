import { readFileSync } from "node:fs";
import type { Kysely } from "kysely";
import { describe, expect } from "vitest";
import { receiveWebhook, type WebhookSource } from "../intake/receive-webhook";
import { publishVersion } from "../storage/flows";
import { readHistory } from "../storage/history";
import type { Database } from "../storage/schema";
import { databaseCases, testWithDatabase } from "../storage/testing";
import { deliverEvent, deliverEvents, startFlow, type Execution } from "./apply-step";
import { createFlowVersions } from "./flow-versions";
import { publishMessage } from "./messages";
import { createWorker, type ConnectorCall, type ConnectorOutcome, type ConnectorRuntime } from "./worker";

const template = (name: string) => JSON.parse(readFileSync(new URL(`../../../templates/order-fulfilment/${name}`, import.meta.url), "utf8"));
const flow = template("flow.json");
const sample = template("events.json");
const order = sample.input;

const publish = (db: Kysely<Database>, document: { id: string; name: string | { zh?: string; en?: string } }) => publishVersion(db, document, { at: new Date(), by: null });

/** A courier, a stock service and a platform that answer at once and count every call by idempotency key. */
function fakeConnectors(answer?: (call: ConnectorCall) => ConnectorOutcome | undefined): ConnectorRuntime & { calls: ConnectorCall[]; perKey(): Record<string, number> } {
  const calls: ConnectorCall[] = [];
  return {
    calls,
    perKey: () => Object.fromEntries([...new Set(calls.map((c) => c.idempotencyKey))].map((key) => [key, calls.filter((c) => c.idempotencyKey === key).length])),
    async invoke(call) {
      calls.push(call);
      const answered = answer?.(call);
      if (answered) return answered;
      if (call.action === "reserve") return { ok: true, output: { reservationId: "R1", warehouse: "SH-01" } };
      if (call.action === "create_waybill") return { ok: true, output: { courier: "SF", trackingNo: `SF-${call.input.orderNo}` } };
      return { ok: true, output: {} };
    },
    async notify() {
      return { ok: true, output: {} };
    },
  };
}

function clockAt(iso: string) {
  let now = new Date(iso);
  return { clock: () => now, advance: (ms: number) => (now = new Date(now.getTime() + ms)) };
}

async function drain(worker: { runOnce(): Promise<number> }): Promise<void> {
  while ((await worker.runOnce()) > 0);
}

describe.each(await databaseCases())("durable execution on %s", (dialect) => {
  const it = testWithDatabase(dialect);

  it("drives an order from intake to delivery, one transaction per event", async ({ db }) => {
    await publish(db, flow);
    const time = clockAt("2026-11-22T09:00:00+08:00");
    const execution: Execution = { db, flows: createFlowVersions(), clock: time.clock };
    const connectors = fakeConnectors();
    const worker = createWorker({ execution, connectors, owner: "w1", random: () => 0.5 });

    const { instanceId, result } = await startFlow(execution, { flowId: "order_fulfilment", input: order });
    expect(result.waitingAt).toEqual(["reserve"]);
    const outbox = await db.selectFrom("outbox").select(["type", "status"]).where("instance_id", "=", instanceId).orderBy("id").execute();
    expect(outbox).toEqual([
      { type: "action.invoke", status: "pending" },
      { type: "timer", status: "pending" },
    ]);

    await drain(worker);
    const pick = await db.selectFrom("tasks").selectAll().where("instance_id", "=", instanceId).executeTakeFirstOrThrow();
    expect(pick).toMatchObject({ node: "pick", status: "open", assignee_role: "picker", assignee_warehouse: "SH-01" });

    await deliverEvent(execution, instanceId, { type: "task.submitted", key: pick.key, data: sample.steps[1].data }, { actor: "picker-wang" });
    const pack = await db.selectFrom("tasks").selectAll().where("node", "=", "pack").executeTakeFirstOrThrow();
    await deliverEvent(execution, instanceId, { type: "task.submitted", key: pack.key, data: sample.steps[3].data }, { actor: "packer-li" });
    await drain(worker);

    expect(await db.selectFrom("tasks").select(["node", "status", "submitted_by"]).orderBy("created_at").execute()).toEqual([
      { node: "pick", status: "submitted", submitted_by: "picker-wang" },
      { node: "pack", status: "submitted", submitted_by: "packer-li" },
    ]);
    expect(await publishMessage(execution, "parcel.delivered", `SF-${order.orderNo}`)).toEqual([instanceId]);

    const instance = await db.selectFrom("instances").selectAll().where("id", "=", instanceId).executeTakeFirstOrThrow();
    expect(instance).toMatchObject({ status: "completed", waiting_at: [], exceptions: [] });
    expect(instance.finished_at).toEqual(time.clock());
    expect(Object.values(connectors.perKey()).every((count) => count === 1)).toBe(true);
    expect(connectors.calls.map((c) => `${c.connector}.${c.action}`)).toEqual(["inventory.reserve", "courier.choose_best", "courier.create_waybill", "courier.label", "channel.push_shipment"]);

    const history = await readHistory(db, [instanceId]);
    expect(history.map((h) => h.seq)).toEqual(history.map((_, index) => index + 1));
    expect(history.filter((h) => h.kind === "trace" && h.type === "entered").map((h) => h.node)).toEqual([
      "start", "audit", "reserve", "pick", "pack", "choose_courier", "waybill", "label", "push_tracking", "await_delivery", "done",
    ]);
    expect(await db.selectFrom("subscriptions").selectAll().execute()).toEqual([]);
    expect(await db.selectFrom("outbox").select("status").where("type", "=", "timer").where("status", "=", "pending").execute()).toEqual([]);
  });

  it("retries a failing connector with backoff, then gives the instance the error", async ({ db }) => {
    await publish(db, flow);
    const time = clockAt("2026-11-22T09:00:00+08:00");
    const execution: Execution = { db, flows: createFlowVersions(), clock: time.clock };
    const connectors = fakeConnectors((call) =>
      call.action === "reserve" ? { ok: false, error: { code: "busy", message: "stock service busy" }, retryable: true } : undefined,
    );
    const worker = createWorker({ execution, connectors, owner: "w1", random: () => 1 });
    const { instanceId } = await startFlow(execution, { flowId: "order_fulfilment", input: order });

    await drain(worker);
    const row = await db.selectFrom("outbox").selectAll().where("type", "=", "action.invoke").executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: "pending", attempts: 1, last_error: "stock service busy" });
    expect(row.due_at.getTime() - time.clock().getTime()).toBe(1000);

    for (const waitMs of [1000, 2000, 4000, 8000]) {
      time.advance(waitMs);
      await drain(worker);
    }
    expect(connectors.perKey()[`${instanceId}:reserve:1`]).toBe(5);
    const instance = await db.selectFrom("instances").select(["status"]).where("id", "=", instanceId).executeTakeFirstOrThrow();
    expect(instance.status).toBe("failed");
    const releases = connectors.calls.filter((c) => c.action === "release");
    expect(releases).toEqual([]);
  });

  it("never lets two events for one instance interleave", async ({ db }) => {
    await publish(db, flow);
    const time = clockAt("2026-11-22T09:00:00+08:00");
    const execution: Execution = { db, flows: createFlowVersions(), clock: time.clock };
    const { instanceId } = await startFlow(execution, { flowId: "order_fulfilment", input: order });
    const key = `${instanceId}:reserve:1`;
    const results = await Promise.all(
      Array.from({ length: 8 }, () => deliverEvent(execution, instanceId, { type: "action.result", key, ok: true, output: { warehouse: "SH-01" } })),
    );
    expect(results.filter((r) => r.result.accepted)).toHaveLength(1);
    const tasks = await db.selectFrom("tasks").select("node").where("instance_id", "=", instanceId).execute();
    expect(tasks).toEqual([{ node: "pick" }]);
    const { version } = await db.selectFrom("instances").select("version").where("id", "=", instanceId).executeTakeFirstOrThrow();
    expect(version).toBe(2);
  });

  it("commits a batch of connector results together, and a row whose lease was lost drops out alone", async ({ db }) => {
    await publish(db, flow);
    const time = clockAt("2026-11-22T09:00:00+08:00");
    const execution: Execution = { db, flows: createFlowVersions(), clock: time.clock };
    const ids: string[] = [];
    for (let n = 0; n < 6; n++) ids.push((await startFlow(execution, { flowId: "order_fulfilment", input: { ...order, orderNo: `N${n}` } })).instanceId);

    // The first worker's stock calls hang until the test lets them answer.
    let answer!: () => void;
    const hanging = new Promise<void>((resolve) => (answer = resolve));
    const slow = fakeConnectors();
    let waiting = 0;
    const slowWorker = createWorker({ execution, connectors: { ...slow, invoke: async (call) => (waiting++, await hanging, slow.invoke(call)) }, owner: "slow", leaseMs: 1000 });
    const running = slowWorker.runOnce();
    await expect.poll(() => waiting).toBe(6);

    // Its lease runs out; a second worker takes one row over and finishes it first.
    time.advance(2000);
    const quick = fakeConnectors();
    const quickWorker = createWorker({ execution, connectors: quick, owner: "quick", batch: 1 });
    expect(await quickWorker.runOnce()).toBe(1);
    answer();
    expect(await running).toBe(6);

    const reserved = await db.selectFrom("outbox").select(["instance_id", "status", "lease_owner"]).where("type", "=", "action.invoke").orderBy("instance_id").execute();
    expect(reserved.every((row) => row.status === "done")).toBe(true);
    expect(reserved.filter((row) => row.lease_owner === "quick")).toHaveLength(1);
    const picks = await db.selectFrom("tasks").select("instance_id").where("node", "=", "pick").execute();
    expect(picks.map((t) => t.instance_id).sort()).toEqual([...ids].sort());
    const results = await db.selectFrom("instance_history").select("instance_id").where("type", "=", "action.result").execute();
    expect(results).toHaveLength(6);
  });

  it("applies several events for one instance in one transaction, each step on the one before", async ({ db }) => {
    await publish(db, flow);
    const time = clockAt("2026-11-22T09:00:00+08:00");
    const execution: Execution = { db, flows: createFlowVersions(), clock: time.clock };
    const { instanceId } = await startFlow(execution, { flowId: "order_fulfilment", input: order });
    const pickKey = `${instanceId}:pick:1`;
    const outcomes = await deliverEvents(execution, [
      { instanceId, event: { type: "action.result", key: `${instanceId}:reserve:1`, ok: true, output: { reservationId: "R1", warehouse: "SH-01" } } },
      { instanceId, event: { type: "task.submitted", key: pickKey, data: sample.steps[1].data }, actor: "picker-wang" },
      { instanceId: "no-such-instance", event: { type: "cancel", reason: "test" } },
    ]);
    expect(outcomes.map((o) => (o.ok ? o.result.accepted : o.error.name))).toEqual([true, true, "InstanceNotFoundError"]);

    // The pick task was opened by the first event and submitted by the second: inserted once, closed in the same commit.
    const tasks = await db.selectFrom("tasks").select(["key", "node", "status", "submitted_by"]).orderBy("node").execute();
    expect(tasks).toEqual([
      { key: expect.stringContaining(":pack:"), node: "pack", status: "open", submitted_by: null },
      { key: pickKey, node: "pick", status: "submitted", submitted_by: "picker-wang" },
    ]);
    const instance = await db.selectFrom("instances").select(["version", "history_length", "waiting_at"]).where("id", "=", instanceId).executeTakeFirstOrThrow();
    expect(instance).toMatchObject({ version: 2, waiting_at: ["pack"] });
    const history = await readHistory(db, [instanceId]);
    expect(history.map((h) => h.seq)).toEqual(history.map((_, index) => index + 1));
    expect(instance.history_length).toBe(history.length);
    // Each step's trace is kept in its event's row: three events, the effects, no row per trace entry.
    const rows = await db.selectFrom("instance_history").select(["kind", "trace"]).where("instance_id", "=", instanceId).execute();
    expect(rows.filter((row) => row.kind === "event")).toHaveLength(3);
    expect(rows.filter((row) => row.kind === "trace")).toEqual([]);
    expect(history.filter((h) => h.kind === "trace").length).toBe(rows.reduce((n, row) => n + (row.trace?.length ?? 0), 0));
  });

  it("runs for_each children as instances of their own and joins their results", async ({ db }) => {
    const child = {
      schemaVersion: 1, id: "pack_parcel", name: "Pack one parcel", trigger: { type: "manual" },
      nodes: [{ id: "start", kind: "start" }, { id: "label", kind: "action", connector: "courier", action: "create_waybill", input: { orderNo: { var: "input.item.parcel" } } }, { id: "done", kind: "end", status: "completed" }],
      edges: [{ id: "e1", from: "start", outcome: "success", to: "label" }, { id: "e2", from: "label", outcome: "success", to: "done" }],
    };
    const parent = {
      schemaVersion: 1, id: "split_order", name: "Split order", trigger: { type: "manual" },
      nodes: [{ id: "start", kind: "start" }, { id: "parcels", kind: "for_each", items: { var: "input.parcels" }, flow: "pack_parcel" }, { id: "done", kind: "end", status: "completed" }, { id: "failed", kind: "end", status: "failed" }],
      edges: [{ id: "e1", from: "start", outcome: "success", to: "parcels" }, { id: "e2", from: "parcels", outcome: "success", to: "done" }, { id: "e3", from: "parcels", outcome: "error", to: "failed" }],
    };
    await publish(db, child);
    await publish(db, parent);
    const execution: Execution = { db, flows: createFlowVersions(), clock: clockAt("2026-11-22T09:00:00+08:00").clock };
    const worker = createWorker({ execution, connectors: fakeConnectors(), owner: "w1" });
    const { instanceId } = await startFlow(execution, { flowId: "split_order", input: { parcels: [{ parcel: "P1" }, { parcel: "P2" }] } });
    const children = await db.selectFrom("instances").select(["id", "parent_id", "status"]).where("parent_id", "=", instanceId).orderBy("id").execute();
    expect(children.map((c) => c.id)).toEqual([`${instanceId}:parcels:1:child:0`, `${instanceId}:parcels:1:child:1`]);

    await drain(worker);
    const done = await db.selectFrom("instances").select(["id", "status"]).orderBy("id").execute();
    expect(done.every((i) => i.status === "completed")).toBe(true);
    const output = (await db.selectFrom("instances").select("snapshot").where("id", "=", instanceId).executeTakeFirstOrThrow()).snapshot.context.steps.parcels!.output;
    expect(output).toMatchObject({ results: [{ index: 0, status: "completed" }, { index: 1, status: "completed" }] });
  });

  it("keeps a notice that comes before anyone waits for it, hands it over once its order waits, and gives up visibly when none ever does", async ({ db }) => {
    const awaitPayment = {
      schemaVersion: 1, id: "await_payment", name: "Await payment", trigger: { type: "manual" },
      nodes: [{ id: "start", kind: "start" }, { id: "paid", kind: "wait", until: { type: "event", event: "payment.confirmed", correlation: { var: "input.no" } } }, { id: "done", kind: "end", status: "completed" }],
      edges: [{ id: "e1", from: "start", outcome: "success", to: "paid" }, { id: "e2", from: "paid", outcome: "success", to: "done" }],
    };
    await publish(db, awaitPayment);
    const time = clockAt("2026-11-22T09:00:00+08:00");
    const execution: Execution = { db, flows: createFlowVersions(), clock: time.clock };
    const worker = createWorker({ execution, connectors: fakeConnectors(), owner: "w1", random: () => 1 });
    const bank: WebhookSource = {
      id: "bank",
      read: ({ body }) => ({ kind: "message", dedupeKey: `bank:${body}`, event: "payment.confirmed", correlation: body }),
    };
    const notices = () => db.selectFrom("outbox").select(["status", "attempts", "last_error"]).where("type", "=", "publish").orderBy("id").execute();

    await receiveWebhook(execution, bank, { headers: {}, body: "A1" });
    await drain(worker);
    expect(await notices()).toMatchObject([{ status: "pending", attempts: 1, last_error: 'no instance waits for "payment.confirmed" with correlation "A1"' }]);

    const { instanceId } = await startFlow(execution, { flowId: "await_payment", input: { no: "A1" } });
    time.advance(5_000);
    await drain(worker);
    expect(await db.selectFrom("instances").select("status").where("id", "=", instanceId).executeTakeFirstOrThrow()).toEqual({ status: "completed" });
    expect(await notices()).toMatchObject([{ status: "done", attempts: 2 }]);

    await receiveWebhook(execution, bank, { headers: {}, body: "Z9" });
    for (let hour = 0; hour < 10; hour++) {
      await drain(worker);
      time.advance(60 * 60_000);
    }
    expect(await notices()).toMatchObject([{ status: "done" }, { status: "dead", attempts: 10, last_error: expect.stringContaining('"Z9"') }]);
  });
});
