import { createMemoryStore, installConnector, type HostEvent, type InstallOptions } from "@orderflow/connector-sdk";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startShopSimulator, type ShopSimulator } from "../simulator/shop-simulator";
import { webhookShop } from "./connector";
import { signatureHeaders } from "./signature";

const SECRET = "shared-secret-for-tests";
let shop: ShopSimulator;
let waits: number[];

beforeEach(async () => {
  shop = await startShopSimulator({ secret: SECRET, pageSize: 2 });
  waits = [];
});
afterEach(() => shop.close());

function install(overrides: Partial<InstallOptions> = {}) {
  return installConnector(webhookShop, {
    settings: { shop: "hz-site", shipmentUrl: shop.shipmentUrl, ordersUrl: shop.ordersUrl, secret: SECRET },
    store: createMemoryStore(),
    sleep: async (ms) => void waits.push(ms),
    random: () => 1,
    ...overrides,
  });
}

const push = (installed: ReturnType<typeof install>, platformOrderNo: string, options: { key?: string; timeoutMs?: number; trackingNo?: string } = {}) =>
  installed.invoke({
    connector: "webhook_shop",
    action: "push_shipment",
    input: { platformOrderNo, courier: "SF", trackingNo: options.trackingNo ?? "SF1400012345678" },
    idempotencyKey: options.key ?? "inst-1:ship:1",
    attempt: 1,
    timeoutMs: options.timeoutMs ?? 10_000,
  });

describe("push_shipment against a misbehaving shop", () => {
  it("gets through 5xx and a lost answer, and the shop records the shipment once", async () => {
    const order = shop.placeOrder();
    shop.fault({ kind: "status", status: 502 }, { kind: "lost_answer" });
    expect(await push(install(), order.number)).toEqual({ ok: true, output: { accepted: true, shipmentId: "shp_1" } });
    expect(shop.requests).toHaveLength(3);
    expect(new Set(shop.requests.map((r) => r.headers["idempotency-key"]))).toEqual(new Set(["inst-1:ship:1"]));
    expect(shop.shipments).toEqual([expect.objectContaining({ orderNumber: order.number, trackingNumber: "SF1400012345678", courier: "SF" })]);
  });

  it("waits out a short Retry-After, and hands a long one to the worker, whose retry records once", async () => {
    const order = shop.placeOrder();
    shop.fault({ kind: "status", status: 429, retryAfterSeconds: 1 });
    expect(await push(install(), order.number)).toMatchObject({ ok: true });
    expect(waits).toEqual([1_000]);

    shop.fault({ kind: "status", status: 429, retryAfterSeconds: 120 });
    const installed = install();
    expect(await push(installed, order.number, { key: "inst-1:ship:2" })).toMatchObject({ ok: false, retryable: true, retryAfterMs: 120_000, error: { code: "http_429" } });
    expect(await push(installed, order.number, { key: "inst-1:ship:2" })).toEqual({ ok: true, output: { accepted: true, shipmentId: "shp_2" } });
    expect(shop.shipments).toHaveLength(2);
  });

  it("reports a shop that hangs past the call's time as a timeout the worker retries", async () => {
    const order = shop.placeOrder();
    shop.fault({ kind: "hang" });
    const installed = install();
    expect(await push(installed, order.number, { timeoutMs: 300 })).toMatchObject({ ok: false, retryable: true, error: { code: "timeout" } });
    expect(await push(installed, order.number)).toMatchObject({ ok: true });
    expect(shop.shipments).toHaveLength(1);
  });

  it("retries a dropped connection", async () => {
    const order = shop.placeOrder();
    shop.fault({ kind: "drop" });
    expect(await push(install(), order.number)).toMatchObject({ ok: true });
    expect(shop.requests).toHaveLength(2);
  });

  it("stops at once when the shop refuses: unknown order, another shipment, a wrong secret", async () => {
    const order = shop.placeOrder();
    expect(await push(install(), "WS-9999")).toMatchObject({ ok: false, retryable: false, error: { code: "unknown_order", message: expect.stringContaining("WS-9999") } });
    await push(install(), order.number, { key: "a" });
    expect(await push(install(), order.number, { key: "b", trackingNo: "SF999" })).toMatchObject({ ok: false, retryable: false, error: { code: "already_shipped" } });
    const wrongSecret = installConnector(webhookShop, { settings: { shop: "hz-site", shipmentUrl: shop.shipmentUrl, secret: "not-the-secret" }, store: createMemoryStore() });
    expect(await push(wrongSecret, order.number, { key: "c" })).toMatchObject({ ok: false, retryable: false, error: { code: "http_401", message: expect.stringContaining("does not match") } });
  });
});

describe("order webhooks from the shop", () => {
  it("read a duplicate delivery (a new event id each time) to the same dedupe key", () => {
    const source = install().webhooks["order_events"]!;
    const order = shop.placeOrder({ number: "WS-7" });
    const first = source.read(shop.orderWebhook(order));
    const again = source.read(shop.orderWebhook(order));
    expect(first.kind).toBe("order");
    expect(again.dedupeKey).toBe(first.dedupeKey);
    expect(first.dedupeKey).toBe("webhook_shop:hz-site:order:WS-7");
  });

  it("refuse a replayed delivery and an order they cannot map, saying why", () => {
    const source = install({ webhookRejected: (status, message) => new Error(`${status} ${message}`) }).webhooks["order_events"]!;
    const captured = shop.orderWebhook(shop.placeOrder());
    const tenMinutesAgo = new Date(Date.now() - 10 * 60_000);
    const replayed = { body: captured.body, headers: { ...captured.headers, ...signatureHeaders(SECRET, tenMinutesAgo, captured.body) } };
    expect(() => source.read(replayed)).toThrow(/^401 the request was signed 60\d s away from now; at most 300 s are accepted/);
    const broken = shop.placeOrder({ items: [{ sku: "A", title: "a", quantity: 0, price: "1" }] });
    expect(() => source.read(shop.orderWebhook(broken))).toThrow(/^422 the order is not in the shop's order format: order\.items\[0\]\.quantity must be >= 1/);
    const negative = shop.placeOrder({ total: "-5" });
    expect(() => source.read(shop.orderWebhook(negative))).toThrow(/^422 order\.total: "-5" is not an amount of money/);
  });
});

describe("reconciliation", () => {
  it("backfills the order whose webhook was missed, keyed as its webhook would have been", async () => {
    const installed = install();
    const source = installed.webhooks["order_events"]!;
    const orders = [shop.placeOrder(), shop.placeOrder(), shop.placeOrder()];
    const delivered = [source.read(shop.orderWebhook(orders[0]!)), source.read(shop.orderWebhook(orders[2]!))];

    const batch = await installed.pollers["reconcile_orders"]!.reconcile();
    const keys = batch.events.map((e: HostEvent) => e.dedupeKey);
    expect(keys).toHaveLength(3);
    expect(keys).toEqual(expect.arrayContaining(delivered.map((e) => e.dedupeKey)));
    const missed = batch.events.find((e) => e.kind === "order" && e.order.platformOrderNo === orders[1]!.number);
    expect(missed).toMatchObject({ kind: "order", order: { channel: "webhook_shop", shop: "hz-site", total: "256.00", data: { paymentStatus: "paid" } } });
    // Two pages of two: the listing's paging was followed, each page signed.
    expect(shop.requests.filter((r) => r.path === "/orders").map((r) => r.query["page"])).toEqual([undefined, "2"]);
  });
});
