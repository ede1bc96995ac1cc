import { createMemoryStore, createRateBudgets, installConnector, type RateBudgets, type HostEvent, type InstallOptions } from "@orderflow/connector-sdk";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startShopifySimulator, type ShopifySimulator } from "../simulator/shopify-simulator";
import { shopify } from "./connector";

const TOKEN = "shpat_simulated";
const SECRET = "client-secret-for-tests";
let store: ShopifySimulator;
let waits: number[];
let budgets: RateBudgets;

beforeEach(async () => {
  store = await startShopifySimulator({ token: TOKEN, webhookSecret: SECRET, pageSize: 2 });
  waits = [];
  // Each test gets the declared quota afresh, so one test's calls do not slow the next; its waits are not retry waits.
  budgets = createRateBudgets({ ...shopify.rateLimit!, sleep: async () => {} });
});
afterEach(() => store.close());

function install(overrides: Partial<InstallOptions> & { token?: string } = {}) {
  const { token = TOKEN, ...options } = overrides;
  return installConnector(shopify, {
    settings: { shop: store.shop, adminUrl: store.adminUrl, webhookSecret: SECRET, token },
    store: createMemoryStore(),
    sleep: async (ms) => void waits.push(ms),
    random: () => 1,
    rateBudgets: budgets,
    ...options,
  });
}

const push = (installed: ReturnType<typeof install>, orderId: number | string, options: { key?: string; timeoutMs?: number; trackingNo?: string } = {}) =>
  installed.invoke({
    connector: "shopify",
    action: "push_shipment",
    input: { platformOrderNo: String(orderId), courier: "SF Express", trackingNo: options.trackingNo ?? "SF1400012345678" },
    idempotencyKey: options.key ?? "inst-1:ship:1",
    attempt: 1,
    timeoutMs: options.timeoutMs ?? 10_000,
  });

const operations = () => store.requests.map((r) => (JSON.parse(r.body) as { operationName: string }).operationName);

describe("push_shipment against a misbehaving Shopify", () => {
  it("gets through a 502 and a lost answer to fulfillmentCreate, and the order is fulfilled once", async () => {
    const order = store.placeOrder();
    store.fault({ kind: "status", status: 502, on: "OrderFulfilment" }, { kind: "lost_answer", on: "FulfillmentCreate" });
    expect(await push(install(), order.id)).toEqual({ ok: true, output: { accepted: true, shipmentId: "gid://shopify/Fulfillment/7700001", alreadyRecorded: true } });
    expect(store.fulfillments).toEqual([expect.objectContaining({ orderId: String(order.id), company: "SF Express", number: "SF1400012345678" })]);
    expect(operations()).toEqual(["OrderFulfilment", "OrderFulfilment", "FulfillmentCreate", "FulfillmentCreate", "OrderFulfilment"]);
  });

  it("treats a second push of the same shipment as done, and a different tracking number as already shipped", async () => {
    const order = store.placeOrder();
    expect(await push(install(), order.id)).toMatchObject({ ok: true, output: { alreadyRecorded: false } });
    expect(await push(install(), order.id, { key: "inst-2:ship:1" })).toMatchObject({ ok: true, output: { alreadyRecorded: true, shipmentId: store.fulfillments[0]!.id } });
    expect(await push(install(), order.id, { key: "inst-3:ship:1", trackingNo: "SF999" })).toMatchObject({
      ok: false,
      retryable: false,
      error: { code: "already_shipped", message: expect.stringContaining("SF1400012345678") },
    });
    expect(store.fulfillments).toHaveLength(1);
  });

  it("waits out a short Retry-After, and hands a long one to the worker, whose retry fulfils once", async () => {
    const order = store.placeOrder();
    store.fault({ kind: "status", status: 429, retryAfterSeconds: 1 });
    expect(await push(install(), order.id)).toMatchObject({ ok: true });
    expect(waits).toEqual([1_000]);

    const second = store.placeOrder();
    store.fault({ kind: "status", status: 429, retryAfterSeconds: 120 });
    const installed = install();
    expect(await push(installed, second.id, { key: "k2" })).toMatchObject({ ok: false, retryable: true, retryAfterMs: 120_000, error: { code: "http_429" } });
    expect(await push(installed, second.id, { key: "k2" })).toMatchObject({ ok: true, output: { alreadyRecorded: false } });
    expect(store.fulfillments.map((f) => f.orderId)).toEqual([String(order.id), String(second.id)]);
  });

  it("hands a THROTTLED answer to the worker with the time the cost bucket needs to refill", async () => {
    const order = store.placeOrder();
    store.fault({ kind: "throttled", currentlyAvailable: 0 });
    const installed = install();
    // 10 points wanted, none left, 100 restored a second: back in a second.
    expect(await push(installed, order.id)).toMatchObject({ ok: false, retryable: true, retryAfterMs: 1_000, error: { code: "throttled" } });
    expect(await push(installed, order.id)).toMatchObject({ ok: true });
    expect(store.fulfillments).toHaveLength(1);
  });

  it("reports a hang as a timeout the worker retries, and retries a dropped connection", async () => {
    const order = store.placeOrder();
    store.fault({ kind: "hang" });
    const installed = install();
    expect(await push(installed, order.id, { timeoutMs: 300 })).toMatchObject({ ok: false, retryable: true, error: { code: "timeout" } });
    store.fault({ kind: "drop" });
    expect(await push(installed, order.id)).toMatchObject({ ok: true });
    expect(store.fulfillments).toHaveLength(1);
  });

  it("stops at once for an unknown order, a cancelled one, and a wrong access token", async () => {
    expect(await push(install(), 42)).toMatchObject({ ok: false, retryable: false, error: { code: "unknown_order", message: expect.stringContaining("42") } });
    const cancelled = store.placeOrder({ cancelled_at: "2026-11-22T10:00:00+08:00" });
    expect(await push(install(), cancelled.id)).toMatchObject({ ok: false, retryable: false, error: { code: "order_cancelled" } });
    expect(await push(install({ token: "shpat_wrong" }), cancelled.id)).toMatchObject({ ok: false, retryable: false, error: { code: "unauthorized", message: expect.stringContaining("access token") } });
    expect(store.fulfillments).toHaveLength(0);
  });
});

describe("order webhooks from Shopify", () => {
  it("read a retried delivery, and the same order listed later, to one dedupe key", async () => {
    const installed = install();
    const source = installed.webhooks["order_events"]!;
    const order = store.placeOrder();
    const delivery = store.orderWebhook(order, "orders/create");
    const first = source.read(delivery);
    const retried = source.read(store.orderWebhook(order, "orders/create", { webhookId: delivery.headers["x-shopify-webhook-id"]! }));
    expect(first).toMatchObject({ kind: "order", dedupeKey: `shopify:${store.shop}:order:${order.id}`, order: { total: "256.00", data: { paymentStatus: "paid", address: { city: "Hangzhou" } } } });
    expect(retried.dedupeKey).toBe(first.dedupeKey);
    const listed = await installed.pollers["reconcile_orders"]!.reconcile();
    expect(listed.events.map((e: HostEvent) => e.dedupeKey)).toEqual([first.dedupeKey]);
    // The listed order reads as the webhook's did.
    const fromList = listed.events[0]!;
    expect(fromList.kind === "order" && first.kind === "order" && fromList.order.data).toEqual(first.kind === "order" && first.order.data);
  });

  it("read deliveries that arrive out of order, each to its own stable key", () => {
    const source = install().webhooks["order_events"]!;
    const order = store.placeOrder();
    const updateA = store.orderWebhook(order, "orders/updated");
    const updateB = store.orderWebhook(order, "orders/updated");
    const events = [store.orderWebhook(order, "orders/paid"), updateB, store.orderWebhook(order, "orders/create"), updateA, updateB].map((d) => source.read(d));
    expect(events.map((e) => e.kind)).toEqual(["message", "message", "order", "message", "message"]);
    expect(events[0]).toMatchObject({ event: "order.paid", correlation: String(order.id), dedupeKey: `shopify:${store.shop}:order.paid:${order.id}` });
    expect(new Set(events.map((e) => e.dedupeKey)).size).toBe(4);
    expect(events[4]!.dedupeKey).toBe(events[1]!.dedupeKey);
  });

  it("refuse a tampered delivery, one for another store, and an order they cannot map, saying why", () => {
    const source = install({ webhookRejected: (status, message) => new Error(`${status} ${message}`) }).webhooks["order_events"]!;
    const delivery = store.orderWebhook(store.placeOrder(), "orders/create");
    expect(() => source.read({ ...delivery, body: delivery.body.replace("256.00", "2.56") })).toThrow(/^401 the x-shopify-hmac-sha256 header does not match the body/);
    expect(() => source.read({ ...delivery, headers: { ...delivery.headers, "x-shopify-shop-domain": "other.myshopify.com" } })).toThrow(/^401 the delivery is for the store other\.myshopify\.com/);
    const broken = store.placeOrder({ line_items: [{ sku: "A", variant_id: 1, name: "a", title: "a", quantity: 0, price: "1" }] });
    expect(() => source.read(store.orderWebhook(broken, "orders/create"))).toThrow(/^422 the order is not in Shopify's order format: order\.line_items\[0\]\.quantity must be >= 1/);
  });
});

describe("reconciliation", () => {
  it("backfills the order whose webhook was missed, following Shopify's cursors", async () => {
    const installed = install();
    const source = installed.webhooks["order_events"]!;
    const orders = [store.placeOrder(), store.placeOrder({ financial_status: "pending", payment_gateway_names: ["Cash on Delivery (COD)"] }), store.placeOrder()];
    const delivered = [source.read(store.orderWebhook(orders[0]!, "orders/create")), source.read(store.orderWebhook(orders[2]!, "orders/create"))];

    const batch = await installed.pollers["reconcile_orders"]!.reconcile();
    const keys = batch.events.map((e: HostEvent) => e.dedupeKey);
    expect(keys).toHaveLength(3);
    expect(keys).toEqual(expect.arrayContaining(delivered.map((e) => e.dedupeKey)));
    const missed = batch.events.find((e) => e.kind === "order" && e.order.platformOrderNo === String(orders[1]!.id));
    expect(missed).toMatchObject({ kind: "order", order: { channel: "shopify", data: { paymentStatus: "cod", platformStatus: "awaiting_shipment" } } });
    const cursors = store.requests.map((r) => (JSON.parse(r.body) as { variables: { after: string | null } }).variables.after);
    expect(cursors).toHaveLength(2);
    expect(cursors[0]).toBeNull();
    expect(cursors[1]).toEqual(expect.any(String));
  });
});
