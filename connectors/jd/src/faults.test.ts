import { createMemoryStore, installConnector, toBeijingTime, type HostEvent, type InstallOptions } from "@orderflow/connector-sdk";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startJosSimulator, type JosSimulator } from "../simulator/jos-simulator";
import { jd } from "./connector";

const CREDENTIALS = { appKey: "A1B2C3", appSecret: "app-secret-for-tests", accessToken: "token-for-tests" };
let now: Date;
const clock = () => now;
let jos: JosSimulator;
let waits: number[];

beforeEach(async () => {
  now = new Date("2026-11-22T02:00:00Z");
  jos = await startJosSimulator({ ...CREDENTIALS, clock });
  waits = [];
});
afterEach(() => jos.close());

function install(overrides: Partial<InstallOptions> = {}, settings: Record<string, unknown> = {}) {
  return installConnector(jd, {
    settings: { shop: "bj-tea", gatewayUrl: jos.gatewayUrl, ...CREDENTIALS, ...settings },
    store: createMemoryStore(),
    clock,
    sleep: async (ms) => void waits.push(ms),
    random: () => 1,
    ...overrides,
  });
}

const push = (installed: ReturnType<typeof install>, orderId: string, options: { trackingNo?: string; timeoutMs?: number } = {}) =>
  installed.invoke({
    connector: "jd",
    action: "push_shipment",
    input: { platformOrderNo: orderId, courier: "467", trackingNo: options.trackingNo ?? "SF1400012345678" },
    idempotencyKey: "inst-1:ship:1",
    attempt: 1,
    timeoutMs: options.timeoutMs ?? 10_000,
  });

const orderNumbers = (events: HostEvent[]) => events.flatMap((e) => (e.kind === "order" ? [e.order.platformOrderNo] : []));

describe("push_shipment against a misbehaving JOS", () => {
  it("gets through a 502 and a lost answer; the order ships once and the repeat reads as already shipped", async () => {
    const order = jos.placeOrder();
    jos.fault({ kind: "status", status: 502 }, { kind: "lost_answer" });
    expect(await push(install(), order.orderId)).toEqual({ ok: true, output: { accepted: true, alreadyShipped: true, platformOrderNo: order.orderId } });
    expect(jos.shipments).toEqual([{ orderId: order.orderId, logiCoprId: "467", logiNo: "SF1400012345678" }]);
    expect(jos.calls()).toEqual(["jingdong.pop.order.shipment", "jingdong.pop.order.shipment", "jingdong.pop.order.shipment", "jingdong.pop.order.get"]);
  });

  it("pushing the same shipment twice succeeds twice; another tracking number is refused", async () => {
    const order = jos.placeOrder();
    const installed = install();
    expect(await push(installed, order.orderId)).toMatchObject({ ok: true, output: { alreadyShipped: false } });
    expect(await push(installed, order.orderId)).toMatchObject({ ok: true, output: { alreadyShipped: true } });
    expect(await push(installed, order.orderId, { trackingNo: "SF999" })).toMatchObject({ ok: false, retryable: false, error: { code: "already_shipped", message: expect.stringContaining("SF1400012345678") } });
    expect(jos.shipments).toHaveLength(1);
  });

  it("hands flow control and JOS's system faults to the worker, waits out a short 429, and ships once", async () => {
    const order = jos.placeOrder();
    const installed = install();
    jos.fault({ kind: "flow_control" });
    expect(await push(installed, order.orderId)).toMatchObject({ ok: false, retryable: true, retryAfterMs: 1_000, error: { code: "flow_control" } });
    jos.fault({ kind: "system_error" });
    expect(await push(installed, order.orderId)).toMatchObject({ ok: false, retryable: true, error: { code: "jd_unavailable" } });
    jos.fault({ kind: "status", status: 429, retryAfterSeconds: 1 });
    expect(await push(installed, order.orderId)).toMatchObject({ ok: true, output: { alreadyShipped: false } });
    expect(waits).toEqual([1_000]);
    expect(jos.shipments).toHaveLength(1);
  });

  it("reports a hang as a timeout the worker retries, and retries a dropped connection", async () => {
    const order = jos.placeOrder();
    const installed = install();
    jos.fault({ kind: "hang" });
    expect(await push(installed, order.orderId, { timeoutMs: 300 })).toMatchObject({ ok: false, retryable: true, error: { code: "timeout" } });
    jos.fault({ kind: "drop" });
    expect(await push(installed, order.orderId)).toMatchObject({ ok: true });
    expect(jos.shipments).toHaveLength(1);
  });

  it("stops at once on an unknown order, a cancelled order and a wrong secret, saying why", async () => {
    const cancelled = jos.placeOrder({ orderState: "TRADE_CANCELED" });
    expect(await push(install(), "999")).toMatchObject({ ok: false, retryable: false, error: { code: "unknown_order", message: expect.stringContaining("999") } });
    expect(await push(install(), cancelled.orderId)).toMatchObject({ ok: false, retryable: false, error: { code: "shipment_refused", message: expect.stringContaining("TRADE_CANCELED") } });
    const wrong = install({}, { appSecret: "not-the-secret" });
    expect(await push(wrong, cancelled.orderId)).toMatchObject({ ok: false, retryable: false, error: { code: "jd_auth", message: expect.stringContaining("签名无效") } });
    expect(jos.shipments).toHaveLength(0);
  });
});

describe("order sync", () => {
  it("hands each order over once, then a hold and a cancellation as messages", async () => {
    const poller = install().pollers["poll_orders"]!;
    const first = jos.placeOrder();
    const second = jos.placeOrder();
    let batch = await poller.poll();
    expect(orderNumbers(batch.events)).toEqual([first.orderId, second.orderId]);
    await batch.commit();

    now = new Date(now.getTime() + 3 * 60_000);
    jos.setState(first.orderId, "LOCKED");
    jos.setState(second.orderId, "TRADE_CANCELED");
    batch = await poller.poll();
    expect(batch.events).toEqual([
      expect.objectContaining({ kind: "message", event: "order.on_hold", correlation: first.orderId }),
      expect.objectContaining({ kind: "message", event: "order.cancelled", correlation: second.orderId }),
    ]);
    await batch.commit();
    expect((await poller.poll()).events).toEqual([]);
  });

  it("pages from the last page back, through a 5xx, duplicated and reversed pages, and hands each order over once", async () => {
    for (let i = 0; i < 205; i++) jos.placeOrder();
    jos.fault({ kind: "status", status: 503 }, { kind: "reverse" }, { kind: "duplicate" }, { kind: "reverse" });
    const batch = await install().pollers["poll_orders"]!.poll();
    expect(orderNumbers(batch.events)).toHaveLength(205);
    expect(new Set(orderNumbers(batch.events))).toEqual(new Set(jos.orders.keys()));
    const pages = jos.requests.map((r) => JSON.parse(new URLSearchParams(r.body).get("360buy_param_json") ?? "{}") as { page?: string }).map((b) => b.page);
    expect(pages).toEqual(["1", "1", "3", "2", "1"]);
  });

  it("a reconciliation backfills an order JOS listed late, keyed as the poll would", async () => {
    const poller = install().pollers["poll_orders"]!;
    await (await poller.poll()).commit();
    const late = jos.placeOrder({ modified: toBeijingTime(new Date(now.getTime() - 4 * 3_600_000)) });
    now = new Date(now.getTime() + 2 * 60_000);
    expect((await poller.poll()).events).toEqual([]);
    expect((await poller.reconcile()).events).toEqual([expect.objectContaining({ kind: "order", dedupeKey: `jd:bj-tea:order:${late.orderId}` })]);
  });
});
