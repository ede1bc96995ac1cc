import { createMemoryStore, installConnector, toBeijingTime, type HostEvent, type InstallOptions } from "@orderflow/connector-sdk";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startPopSimulator, type PopSimulator } from "../simulator/pop-simulator";
import { pinduoduo } from "./connector";

const CREDENTIALS = { clientId: "a1b2c3d4", clientSecret: "client-secret-for-tests", accessToken: "token-for-tests" };
let now: Date;
const clock = () => now;
let pdd: PopSimulator;
let waits: number[];

beforeEach(async () => {
  now = new Date("2026-11-22T02:00:00Z");
  pdd = await startPopSimulator({ ...CREDENTIALS, clock });
  waits = [];
});
afterEach(() => pdd.close());

function install(overrides: Partial<InstallOptions> = {}, settings: Record<string, unknown> = {}) {
  return installConnector(pinduoduo, {
    settings: { shop: "sz-mall", gatewayUrl: pdd.gatewayUrl, ...CREDENTIALS, ...settings },
    store: createMemoryStore(),
    clock,
    sleep: async (ms) => void waits.push(ms),
    random: () => 1,
    ...overrides,
  });
}

const push = (installed: ReturnType<typeof install>, orderSn: string, options: { trackingNo?: string; timeoutMs?: number } = {}) =>
  installed.invoke({
    connector: "pinduoduo",
    action: "push_shipment",
    input: { platformOrderNo: orderSn, courier: "44", trackingNo: options.trackingNo ?? "SF1400012345678" },
    idempotencyKey: "inst-1:ship:1",
    attempt: 1,
    timeoutMs: options.timeoutMs ?? 10_000,
  });

const orderNumbers = (events: HostEvent[]) => events.flatMap((e) => (e.kind === "order" ? [e.order.platformOrderNo] : []));

describe("push_shipment against a misbehaving PDD", () => {
  it("gets through a 502 and a lost answer; the order ships once and the repeat reads as already shipped", async () => {
    const order = pdd.placeOrder();
    pdd.fault({ kind: "status", status: 502 }, { kind: "lost_answer" });
    expect(await push(install(), order.order_sn)).toEqual({ ok: true, output: { accepted: true, alreadyShipped: true, platformOrderNo: order.order_sn } });
    expect(pdd.shipments).toEqual([{ orderSn: order.order_sn, logisticsId: "44", trackingNumber: "SF1400012345678" }]);
    expect(pdd.calls()).toEqual(["pdd.logistics.online.send", "pdd.logistics.online.send", "pdd.logistics.online.send", "pdd.order.information.get"]);
  });

  it("pushing the same shipment twice succeeds twice; another tracking number is refused", async () => {
    const order = pdd.placeOrder();
    const installed = install();
    expect(await push(installed, order.order_sn)).toMatchObject({ ok: true, output: { alreadyShipped: false } });
    expect(await push(installed, order.order_sn)).toMatchObject({ ok: true, output: { alreadyShipped: true } });
    expect(await push(installed, order.order_sn, { trackingNo: "SF999" })).toMatchObject({ ok: false, retryable: false, error: { code: "already_shipped", message: expect.stringContaining("SF1400012345678") } });
    expect(pdd.shipments).toHaveLength(1);
  });

  it("hands flow control and PDD's system errors to the worker, waits out a short 429, and ships once", async () => {
    const order = pdd.placeOrder();
    const installed = install();
    pdd.fault({ kind: "flow_control" });
    expect(await push(installed, order.order_sn)).toMatchObject({ ok: false, retryable: true, retryAfterMs: 1_000, error: { code: "flow_control" } });
    pdd.fault({ kind: "system_error" });
    expect(await push(installed, order.order_sn)).toMatchObject({ ok: false, retryable: true, error: { code: "pdd_unavailable" } });
    pdd.fault({ kind: "status", status: 429, retryAfterSeconds: 1 });
    expect(await push(installed, order.order_sn)).toMatchObject({ ok: true, output: { alreadyShipped: false } });
    expect(waits).toEqual([1_000]);
    expect(pdd.shipments).toHaveLength(1);
  });

  it("reports a hang as a timeout the worker retries, and retries a dropped connection", async () => {
    const order = pdd.placeOrder();
    const installed = install();
    pdd.fault({ kind: "hang" });
    expect(await push(installed, order.order_sn, { timeoutMs: 300 })).toMatchObject({ ok: false, retryable: true, error: { code: "timeout" } });
    pdd.fault({ kind: "drop" });
    expect(await push(installed, order.order_sn)).toMatchObject({ ok: true });
    expect(pdd.shipments).toHaveLength(1);
  });

  it("stops at once on an unknown order, a refunded order and a wrong secret, saying why", async () => {
    const refunded = pdd.placeOrder({ refund_status: 4 });
    expect(await push(install(), "261122-1")).toMatchObject({ ok: false, retryable: false, error: { code: "unknown_order", message: expect.stringContaining("261122-1") } });
    expect(await push(install(), refunded.order_sn)).toMatchObject({ ok: false, retryable: false, error: { code: "shipment_refused" } });
    const wrong = install({}, { clientSecret: "not-the-secret" });
    expect(await push(wrong, refunded.order_sn)).toMatchObject({ ok: false, retryable: false, error: { code: "pdd_auth", message: expect.stringContaining("签名错误") } });
    expect(pdd.shipments).toHaveLength(0);
  });
});

describe("order sync", () => {
  it("turns formed orders into orders once, a group formed later into an order then, and a refund into a cancellation", async () => {
    const poller = install().pollers["poll_orders"]!;
    const formed = pdd.placeOrder();
    const forming = pdd.placeOrder({ confirm_status: 0 });
    let batch = await poller.poll();
    expect(orderNumbers(batch.events)).toEqual([formed.order_sn]);
    expect(batch.events.find((e) => e.kind === "ignored")).toMatchObject({ reason: expect.stringContaining("group is still forming") });
    await batch.commit();

    now = new Date(now.getTime() + 3 * 60_000);
    pdd.update(forming.order_sn, { confirm_status: 1 });
    pdd.update(formed.order_sn, { refund_status: 4 });
    batch = await poller.poll();
    expect(orderNumbers(batch.events)).toEqual([forming.order_sn]);
    expect(batch.events.filter((e) => e.kind === "message")).toEqual([expect.objectContaining({ event: "order.cancelled", correlation: formed.order_sn })]);
    await batch.commit();
    expect((await poller.poll()).events).toEqual([]);
  });

  it("pages from the last page back, through a 5xx, duplicated and reversed listings, and hands each order over once", async () => {
    const earlier = toBeijingTime(new Date(now.getTime() - 45 * 60_000));
    for (let i = 0; i < 205; i++) pdd.placeOrder({ updated_at: earlier });
    pdd.fault({ kind: "status", status: 502 }, { kind: "reverse" }, { kind: "duplicate" }, { kind: "reverse" });
    const batch = await install().pollers["poll_orders"]!.poll();
    expect(orderNumbers(batch.events)).toHaveLength(205);
    expect(new Set(orderNumbers(batch.events))).toEqual(new Set(pdd.orders.keys()));
    const pages = pdd.requests.map((r) => new URLSearchParams(r.body)).filter((p) => p.get("type") === "pdd.order.number.list.increment.get").map((p) => p.get("page"));
    // The first thirty minutes of the window: page 1 (502, then again) for the count, then pages 3, 2, 1; then the second thirty minutes, empty.
    expect(pages).toEqual(["1", "1", "3", "2", "1", "1"]);
  });

  it("a reconciliation covers the day in thirty-minute spans and backfills an order listed late", async () => {
    const poller = install().pollers["poll_orders"]!;
    await (await poller.poll()).commit();
    const late = pdd.placeOrder();
    late.updated_at = toBeijingTime(new Date(now.getTime() - 5 * 3_600_000));
    now = new Date(now.getTime() + 2 * 60_000);
    expect((await poller.poll()).events).toEqual([]);
    const requestsBefore = pdd.requests.length;
    const reconciled = await poller.reconcile();
    expect(reconciled.events).toEqual([expect.objectContaining({ kind: "order", dedupeKey: `pinduoduo:sz-mall:order:${late.order_sn}` })]);
    const spans = pdd.requests.slice(requestsBefore).map((r) => new URLSearchParams(r.body)).map((p) => Number(p.get("end_updated_at")) - Number(p.get("start_updated_at")));
    expect(spans).toHaveLength(48);
    expect(spans.every((s) => s <= 30 * 60)).toBe(true);
  });
});
