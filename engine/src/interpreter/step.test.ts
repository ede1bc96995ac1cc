import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it, vi } from "vitest";
import { runScenario, type Scenario } from "../simulate/scenario";
import { compileFlow, FlowValidationError } from "./compile-flow";
import { MemoryHost } from "./memory-host";
import { applyEvent, EventRejectedError, startInstance } from "./step";
import type { Effect, InstanceSnapshot } from "./types";

const template = (name: string) => JSON.parse(readFileSync(new URL(`../../../templates/order-fulfilment/${name}`, import.meta.url), "utf8"));
const flow = template("flow.json");
const scenario: Scenario = template("events.json");
const at = (iso: string) => Date.parse(iso);
const START = at("2026-11-22T09:00:00+08:00");
const order = scenario.input as Record<string, unknown>;

afterEach(() => vi.restoreAllMocks());

describe("the step API", () => {
  it("plays the template from intake to delivery", () => {
    const report = runScenario([flow], scenario);
    expect(report.refused).toEqual([]);
    expect(report.status).toBe("completed");
    expect(report.path).toEqual(["start", "audit", "reserve", "pick", "pack", "choose_courier", "waybill", "label", "push_tracking", "await_delivery", "done"]);
    expect(report.decisions[0]).toMatchObject({ node: "audit", outcome: "pass" });
  });

  it("gives the same snapshots and effects when the same events are replayed", () => {
    const first = runScenario([flow], scenario);
    const second = runScenario([flow], scenario);
    expect(second.instances.map((i) => i.history)).toEqual(first.instances.map((i) => i.history));
    expect(second.instances.map((i) => i.snapshot)).toEqual(first.instances.map((i) => i.snapshot));
  });

  it("never reads the clock or draws random numbers", () => {
    vi.spyOn(Date, "now").mockImplementation(() => {
      throw new Error("Date.now called");
    });
    vi.spyOn(Math, "random").mockImplementation(() => {
      throw new Error("Math.random called");
    });
    expect(runScenario([flow], scenario).status).toBe("completed");
  });

  it("stores the input once, not in the snapshot rewritten after every event", () => {
    const compiled = compileFlow(flow);
    const step = startInstance(compiled, { instanceId: "o1", input: order, now: START });
    expect(JSON.stringify(step.snapshot)).not.toContain(String(order.platformOrderNo));
  });

  it("works from snapshots stored as JSON text between events", () => {
    const compiled = compileFlow(flow);
    let step = startInstance(compiled, { instanceId: "o1", input: order, now: START });
    const reserve = step.effects.find((e) => e.type === "action.invoke")!;
    const stored = JSON.parse(JSON.stringify(step.snapshot)) as InstanceSnapshot;
    step = applyEvent(compiled, { snapshot: stored, input: order }, { type: "action.result", key: reserve.key, ok: true, output: { warehouse: "SH-01" } }, START + 1000);
    expect(step.waitingAt).toEqual(["pick"]);
    const task = step.effects.find((e): e is Extract<Effect, { type: "task.open" }> => e.type === "task.open")!;
    expect(task.assignee).toEqual({ role: "picker", warehouse: "SH-01" });
    expect(task.prefill).toEqual({ orderNo: order.orderNo });
    expect(task.dueAt).toBe(new Date(START + 1000 + 3600_000).toISOString());
  });

  it("gives each effect a key that names the instance, the node and the visit", () => {
    const compiled = compileFlow(flow);
    const step = startInstance(compiled, { instanceId: "DB1", input: order, now: START });
    expect(step.effects.map((e) => e.key)).toContain("DB1:reserve:1");
  });

  it("ignores a result for a call it is no longer waiting for", () => {
    const compiled = compileFlow(flow);
    const step = startInstance(compiled, { instanceId: "o1", input: order, now: START });
    const stale = applyEvent(compiled, { snapshot: step.snapshot, input: order }, { type: "action.result", key: "o1:reserve:7", ok: true }, START);
    expect(stale.accepted).toBe(false);
    expect(stale.effects).toEqual([]);
    expect(stale.snapshot.value).toEqual(step.snapshot.value);
  });

  it("refuses a task submission that does not fit the form, naming the field, and keeps the task open", () => {
    const host = new MemoryHost({ flows: [flow], now: START });
    const instance = host.start("order_fulfilment", order);
    expect(() => host.submit(instance.id, "pick", { scans: [] })).toThrow(EventRejectedError);
    try {
      host.submit(instance.id, "pick", { scans: [{ barcode: "690", quantity: 0 }], photo: "f1" });
    } catch (error) {
      expect((error as EventRejectedError).field).toBe("data");
      expect((error as EventRejectedError).problems.map((p) => p.path)).toContain("/scans/0/quantity");
    }
    expect(host.instances.get(instance.id)!.waitingAt).toEqual(["pick"]);
  });

  it("refuses events that lack what they need, saying which field", () => {
    const compiled = compileFlow(flow);
    const step = startInstance(compiled, { instanceId: "o1", input: order, now: START });
    expect(() => applyEvent(compiled, { snapshot: step.snapshot, input: order }, { type: "timer.fired" } as never, START)).toThrow(/needs "key"/);
    expect(() => applyEvent(compiled, { snapshot: step.snapshot, input: order }, { type: "paid" } as never, START)).toThrow(/Unknown event type "paid"/);
  });

  it("refuses to compile an invalid flow and lists the problems", () => {
    const broken = { ...flow, edges: flow.edges.filter((e: { id: string }) => e.id !== "e6") };
    expect(() => compileFlow(broken)).toThrow(FlowValidationError);
    expect(() => compileFlow(broken)).toThrow(/reserve/);
  });
});

describe("failures and compensation", () => {
  it("puts a failed action without an error edge in the exceptions list; retry calls again under a new key", () => {
    const host = new MemoryHost({
      flows: [flow],
      now: START,
      connectors: (call) => (call.action === "create_waybill" ? { ok: false, error: { message: "courier down" } } : { ok: true, output: { warehouse: "SH-01", reservationId: "R1" } }),
    });
    const { id } = host.start("order_fulfilment", order);
    host.submit(id, "pick", { scans: [{ barcode: "690", quantity: 2 }], photo: "f1" });
    host.submit(id, "pack", { weightKg: 1.2, photo: "f2" });
    expect(host.instances.get(id)!.exceptions).toEqual(["waybill"]);
    host.send(id, { type: "exception.retry", node: "waybill" });
    const keys = host.calls.filter((c) => c.action === "create_waybill").map((c) => c.key);
    expect(keys).toEqual([`${id}:waybill:1`, `${id}:waybill:1:retry1`]);
    host.send(id, { type: "exception.skip", node: "waybill", output: { trackingNo: "MANUAL-1" } });
    expect(host.instances.get(id)!.waitingAt).toEqual(["await_delivery"]);
  });

  it("undoes completed actions newest first when an order is cancelled, and withdraws its open task", () => {
    const host = new MemoryHost({ flows: [flow], now: START, connectors: () => ({ ok: true, output: { reservationId: "R9", warehouse: "SH-01", trackingNo: "SF9" } }) });
    const { id } = host.start("order_fulfilment", order);
    host.submit(id, "pick", { scans: [{ barcode: "690", quantity: 2 }], photo: "f1" });
    host.submit(id, "pack", { weightKg: 1.2, photo: "f2" });
    const result = host.send(id, { type: "cancel", reason: "buyer cancelled" });
    expect(result.status).toBe("cancelled");
    const undo = result.effects.filter((e) => e.type === "action.invoke").map((e) => (e as { action: string; input: unknown }).action);
    expect(undo).toEqual(["cancel_waybill", "release"]);
    expect(result.effects).toContainEqual(expect.objectContaining({ type: "event.unsubscribe", node: "await_delivery" }));
    expect(host.pendingTimers()).toEqual([]);
  });

  it("registers the compensation of a call still out when the order is cancelled", () => {
    const host = new MemoryHost({ flows: [flow], now: START, connectors: () => undefined });
    const { id } = host.start("order_fulfilment", order);
    const result = host.send(id, { type: "cancel" });
    expect(result.effects).toContainEqual(expect.objectContaining({ type: "action.invoke", action: "release", compensation: true, key: `${id}:reserve:1:compensate` }));
  });
});

describe("time", () => {
  it("escalates an overdue pick to the supervisor and raises the 2-hour alert, then clears it once shipped", () => {
    const host = new MemoryHost({ flows: [flow], now: START, connectors: () => ({ ok: true, output: { warehouse: "SH-01", reservationId: "R1", trackingNo: "SF1" } }) });
    const { id } = host.start("order_fulfilment", order);
    host.advanceTo(START + 3 * 3600_000);
    expect(host.alerts.map((a) => a.alert)).toEqual(["pick:overdue", "pick:escalation:0", "untouched_2h"]);
    expect(host.notifications.map((n) => [n.channel, n.to.role, n.message.zh])).toEqual([
      ["dingtalk", "supervisor", `订单 ${order.orderNo} 拣货超时，请处理`],
      [null, "supervisor", `订单 ${order.orderNo} 超过2小时未发货`],
    ]);
    host.submit(id, "pick", { scans: [{ barcode: "690", quantity: 2 }], photo: "f1" });
    const packed = host.submit(id, "pack", { weightKg: 1.2, photo: "f2" });
    expect(host.instances.get(id)!.history.flatMap((h) => h.effects).some((e) => e.type === "alert.clear" && e.alert === "untouched_2h")).toBe(true);
    expect(packed.accepted).toBe(true);
  });

  it("times out waiting for delivery and opens the trace task", () => {
    const host = new MemoryHost({ flows: [flow], now: START, connectors: () => ({ ok: true, output: { warehouse: "SH-01", reservationId: "R1", trackingNo: "SF1" } }) });
    const { id } = host.start("order_fulfilment", order);
    host.submit(id, "pick", { scans: [{ barcode: "690", quantity: 2 }], photo: "f1" });
    host.submit(id, "pack", { weightKg: 1.2, photo: "f2" });
    expect(host.message("parcel.delivered", "OTHER")).toBe(1);
    expect(host.instances.get(id)!.waitingAt).toEqual(["await_delivery"]);
    host.advanceTo(START + 16 * 86400_000);
    expect(host.instances.get(id)!.waitingAt).toEqual(["trace_parcel"]);
  });
});
