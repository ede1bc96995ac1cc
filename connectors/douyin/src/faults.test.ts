import { createMemoryStore, createRateBudgets, installConnector, type ConnectorStore, type HostEvent, type InstallOptions, type RateBudgets } from "@orderflow/connector-sdk";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startDouyinSimulator, type DouyinSimulator } from "../simulator/douyin-simulator";
import { douyin } from "./connector";
import { APP_ID_HEADER, EVENT_SIGN_HEADER, messageSign } from "./douyin-signing";

const APP_KEY = "7301234567890123456";
const SECRET = "app-secret-for-tests";
let shop: DouyinSimulator;
let now: Date;
let waits: number[];
let budgets: RateBudgets;

beforeEach(async () => {
  now = new Date();
  shop = await startDouyinSimulator({ appKey: APP_KEY, appSecret: SECRET, refreshToken: "refresh-1", clock: () => now, pageSize: 2 });
  waits = [];
  // Each test gets the declared quota afresh, so one test's calls do not slow the next.
  budgets = createRateBudgets({ ...douyin.rateLimit!, sleep: async () => {} });
});
afterEach(() => shop.close());

function install(overrides: Partial<InstallOptions> & { secret?: string; signMethod?: "md5" | "hmac-sha256" } = {}) {
  const { secret = SECRET, signMethod, ...options } = overrides;
  return installConnector(douyin, {
    settings: { shop: shop.shopId, gatewayUrl: shop.url, clientId: APP_KEY, clientSecret: secret, refreshToken: "refresh-1", ...(signMethod ? { signMethod } : {}) },
    store: createMemoryStore(),
    clock: () => now,
    sleep: async (ms) => void waits.push(ms),
    random: () => 1,
    rateBudgets: budgets,
    ...options,
  });
}

const push = (installed: ReturnType<typeof install>, orderId: string, options: { key?: string; timeoutMs?: number; trackingNo?: string } = {}) =>
  installed.invoke({
    connector: "douyin",
    action: "push_shipment",
    input: { platformOrderNo: orderId, courier: "shunfeng", trackingNo: options.trackingNo ?? "SF1400012345678" },
    idempotencyKey: options.key ?? "inst-1:ship:1",
    attempt: 1,
    timeoutMs: options.timeoutMs ?? 10_000,
  });

const methods = () => shop.requests.map((r) => r.query["method"]);

describe("access tokens", () => {
  it("renews the token once, keeps the rotated refresh token, and renews again with it when the token nears expiry", async () => {
    const store: ConnectorStore = createMemoryStore();
    const installed = install({ store });
    const [a, b] = [shop.placeOrder(), shop.placeOrder()];
    // Two calls at once share one renewal: a rotated refresh token is never spent twice.
    expect(await Promise.all([push(installed, a.order_id), push(installed, b.order_id, { key: "k2" })])).toMatchObject([{ ok: true }, { ok: true }]);
    expect(shop.renewals).toEqual(["refresh-1"]);

    now = new Date(now.getTime() + 7 * 24 * 3_600_000);
    const c = shop.placeOrder();
    // A new installation object over the same store (a server restart) uses the stored, rotated refresh token.
    expect(await push(install({ store }), c.order_id, { key: "k3" })).toMatchObject({ ok: true });
    expect(shop.renewals).toEqual(["refresh-1", "refresh-2"]);
  });

  it("signs with MD5 when the shop's app is set to it", async () => {
    const order = shop.placeOrder();
    expect(await push(install({ signMethod: "md5" }), order.order_id)).toMatchObject({ ok: true });
    expect(shop.requests.every((r) => r.query["sign_method"] === "md5")).toBe(true);
  });

  it("says to authorise again when the platform refuses the renewal", async () => {
    const order = shop.placeOrder();
    expect(await push(install({ secret: "not-the-secret" }), order.order_id)).toMatchObject({
      ok: false,
      retryable: false,
      error: { code: "oauth2_reauthorize", message: expect.stringContaining("签名错误") },
    });
    expect(shop.shipments).toHaveLength(0);
  });
});

describe("push_shipment against a misbehaving platform", () => {
  it("gets through a 502 and a lost answer to logisticsAdd, and the order ships once", async () => {
    const order = shop.placeOrder();
    shop.fault({ kind: "status", status: 502, on: "order.orderDetail" }, { kind: "lost_answer", on: "order.logisticsAdd" });
    expect(await push(install(), order.order_id)).toEqual({ ok: true, output: { accepted: true, trackingNo: "SF1400012345678", alreadyRecorded: true } });
    expect(shop.shipments).toEqual([{ orderId: order.order_id, companyCode: "shunfeng", trackingNo: "SF1400012345678" }]);
    expect(methods()).toEqual(["token.refresh", "order.orderDetail", "order.orderDetail", "order.logisticsAdd", "order.logisticsAdd", "order.orderDetail"]);
  });

  it("treats a second push of the same shipment as done, and stops for another tracking number or a cancelled order", async () => {
    const order = shop.placeOrder();
    const installed = install();
    expect(await push(installed, order.order_id)).toMatchObject({ ok: true, output: { alreadyRecorded: false } });
    expect(await push(installed, order.order_id, { key: "again" })).toMatchObject({ ok: true, output: { alreadyRecorded: true } });
    expect(await push(installed, order.order_id, { key: "other", trackingNo: "SF999" })).toMatchObject({ ok: false, retryable: false, error: { code: "already_shipped", message: expect.stringContaining("SF1400012345678") } });
    const cancelled = shop.placeOrder({ order_status: 4, order_status_desc: "已取消" });
    expect(await push(installed, cancelled.order_id)).toMatchObject({ ok: false, retryable: false, error: { code: "order_cancelled" } });
    expect(await push(installed, "4781320000000000000")).toMatchObject({ ok: false, retryable: false, error: { code: "unknown_order" } });
    expect(shop.shipments).toHaveLength(1);
  });

  it("waits out a short Retry-After, and hands a long one or a spent call quota to the worker", async () => {
    const order = shop.placeOrder();
    const installed = install();
    shop.fault({ kind: "status", status: 429, retryAfterSeconds: 1, on: "order.orderDetail" });
    expect(await push(installed, order.order_id)).toMatchObject({ ok: true });
    expect(waits).toEqual([1_000]);

    const second = shop.placeOrder();
    shop.fault({ kind: "status", status: 429, retryAfterSeconds: 120, on: "order.orderDetail" });
    expect(await push(installed, second.order_id, { key: "k2" })).toMatchObject({ ok: false, retryable: true, retryAfterMs: 120_000, error: { code: "http_429" } });
    shop.fault({ kind: "busy", on: "order.logisticsAdd" });
    expect(await push(installed, second.order_id, { key: "k2" })).toMatchObject({ ok: false, retryable: true, retryAfterMs: 1_000, error: { code: "douyin_busy" } });
    expect(await push(installed, second.order_id, { key: "k2" })).toMatchObject({ ok: true, output: { alreadyRecorded: false } });
    expect(shop.shipments.map((s) => s.orderId)).toEqual([order.order_id, second.order_id]);
  });

  it("reports a hang as a timeout the worker retries, and retries a dropped connection", async () => {
    const order = shop.placeOrder();
    const installed = install();
    shop.fault({ kind: "hang", on: "order.logisticsAdd" });
    expect(await push(installed, order.order_id, { timeoutMs: 300 })).toMatchObject({ ok: false, retryable: true, error: { code: "timeout" } });
    shop.fault({ kind: "drop" });
    expect(await push(installed, order.order_id)).toMatchObject({ ok: true });
    expect(shop.shipments).toHaveLength(1);
  });
});

describe("push messages", () => {
  it("read a redelivered message to the same key, and messages out of order each to its own", () => {
    const source = install().webhooks["order_messages"]!;
    const order = shop.placeOrder();
    const paid = shop.pushMessage("101", order);
    const cancelled = shop.pushMessage("106", order);
    const events = [cancelled, paid, paid, cancelled].map((d) => source.read(d));
    expect(events.map((e) => e.kind === "message" && e.event)).toEqual(["order.cancelled", "order.paid", "order.paid", "order.cancelled"]);
    expect(events[0]).toMatchObject({ correlation: order.order_id, dedupeKey: `douyin:${shop.shopId}:order.cancelled:${order.order_id}` });
    expect(events[2]!.dedupeKey).toBe(events[1]!.dedupeKey);
    expect(events[3]!.dedupeKey).toBe(events[0]!.dedupeKey);
    const moved = [shop.pushMessage("105", order, { msgId: "m-1" }), shop.pushMessage("105", order, { msgId: "m-2" }), shop.pushMessage("105", order, { msgId: "m-1" })].map((d) => source.read(d).dedupeKey);
    expect(moved).toEqual([`douyin:${shop.shopId}:message:m-1`, `douyin:${shop.shopId}:message:m-2`, `douyin:${shop.shopId}:message:m-1`]);
  });

  it("read a push carrying several messages as one event each, each with its own dedupe key", () => {
    const source = install().webhooks["order_messages"]!;
    const [first, second] = [shop.placeOrder(), shop.placeOrder()];
    const delivery = shop.pushBatch([
      { tag: "101", order: first! },
      { tag: "106", order: second! },
      { tag: "100", order: second! },
    ]);
    const read = source.read(delivery);
    expect(read).toMatchObject({ kind: "batch", dedupeKey: null });
    const events = read.kind === "batch" ? read.events : [];
    expect(events.map((e) => [e.kind, e.dedupeKey])).toEqual([
      ["message", `douyin:${shop.shopId}:order.paid:${first!.order_id}`],
      ["message", `douyin:${shop.shopId}:order.cancelled:${second!.order_id}`],
      ["ignored", null],
    ]);
    expect(events[0]).toMatchObject({ event: "order.paid", correlation: first!.order_id });
    expect(events[2]).toMatchObject({ reason: expect.stringContaining('[2]: message tag "100"') });
  });

  it("refuse a batch with a message it cannot read, naming the message", () => {
    const source = install({ webhookRejected: (status, message) => new Error(`${status} ${message}`) }).webhooks["order_messages"]!;
    const body = JSON.stringify([{ tag: "101", msg_id: "m-1", data: JSON.stringify({ p_id: "4781320682406083640" }) }, { tag: "106", msg_id: "m-2", data: "{}" }]);
    expect(() => source.read({ body, headers: { [APP_ID_HEADER]: APP_KEY, [EVENT_SIGN_HEADER]: messageSign(APP_KEY, SECRET, body) } })).toThrow(/^422 \[1\]\.data\.p_id \(the order id\) is missing/);
  });

  it("refuse a tampered message and one for another app, saying why", () => {
    const source = install({ webhookRejected: (status, message) => new Error(`${status} ${message}`) }).webhooks["order_messages"]!;
    const order = shop.placeOrder();
    const delivery = shop.pushMessage("101", order);
    expect(() => source.read({ ...delivery, body: delivery.body.replace('"101"', '"106"') })).toThrow(/^401 the event-sign header does not match the body/);
    expect(() => source.read({ ...delivery, headers: { ...delivery.headers, "app-id": "999" } })).toThrow(/^401 the message is for app 999/);
  });
});

describe("order sync", () => {
  it("brings every order in, following the pages, with the platform's status and amounts mapped", async () => {
    const installed = install();
    const orders = [shop.placeOrder(), shop.placeOrder({ order_status: 1, order_status_desc: "待支付", pay_time: 0 }), shop.placeOrder({ pay_type: 0, buyer_words: "送货前电话" })];
    const batch = await installed.pollers["poll_orders"]!.poll();
    expect(batch.events.map((e: HostEvent) => e.dedupeKey)).toEqual(orders.map((o) => `douyin:${shop.shopId}:order:${o.order_id}`));
    expect(batch.events.map((e) => e.kind === "order" && [e.order.data["platformStatus"], e.order.data["paymentStatus"]])).toEqual([
      ["awaiting_shipment", "paid"],
      ["awaiting_payment", "unpaid"],
      ["awaiting_shipment", "cod"],
    ]);
    expect(batch.events[0]).toMatchObject({ order: { total: "256.00", data: { address: { province: "浙江省", district: "西湖区", detail: "文新街道文三路***号" }, lines: [{ sku: "TEA-LJ-250", unitPrice: "128.00", quantity: 2 }] } } });
    expect(shop.requests.filter((r) => r.query["method"] === "order.searchList").map((r) => (JSON.parse(r.body) as { page: number }).page)).toEqual([0, 1]);
    await batch.commit();
    // Nothing new: the next poll hands nothing over again.
    expect((await installed.pollers["poll_orders"]!.poll()).events).toEqual([]);
  });
});
