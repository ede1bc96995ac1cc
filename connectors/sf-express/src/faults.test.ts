import { createMemoryStore, installConnector, type InstallOptions } from "@orderflow/connector-sdk";
import { chooseBest, currentStatus, type TrackingEvent } from "@orderflow/courier-kit";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startSfSimulator, type SfFault, type SfSimulator } from "../simulator/sf-simulator";
import { sfExpress } from "./connector";
import { SETTINGS } from "./test-settings";

let sf: SfSimulator;
beforeEach(async () => {
  sf = await startSfSimulator({ partnerId: SETTINGS.partnerId, checkword: SETTINGS.checkword });
});
afterEach(() => sf.close());

function install(overrides: Partial<InstallOptions> = {}) {
  return installConnector(sfExpress, { settings: { ...SETTINGS, baseUrl: sf.url }, store: createMemoryStore(), sleep: async () => {}, random: () => 1, ...overrides });
}
type Installed = ReturnType<typeof install>;

const waybillInput = (n: number) => ({
  orderNo: `WS-${1000 + n}`,
  weightKg: 1.2,
  recipient: { name: "李四", phone: "13900001111" },
  address: { province: "浙江省", city: "杭州市", district: "西湖区", detail: `文三路 ${n} 号` },
  speed: "standard",
});

const call = (installed: Installed, action: string, input: Record<string, unknown>, key: string, attempt = 1, timeoutMs = 10_000) =>
  installed.invoke({ connector: "sf_express", action, input, idempotencyKey: key, attempt, timeoutMs });

/** What the worker does with one effect: call again with the same key while the outcome says a retry may help. */
async function asTheWorkerWould(installed: Installed, action: string, input: Record<string, unknown>, key: string) {
  for (let attempt = 1; attempt <= 40; attempt++) {
    const outcome = await call(installed, action, input, key, attempt, 300);
    if (outcome.ok) return outcome.output as Record<string, string>;
    if (!outcome.retryable) throw new Error(`${key} failed for good: ${outcome.error.code} ${outcome.error.message}`);
  }
  throw new Error(`${key} did not complete in 40 attempts`);
}

const services = () => sf.requests.map((r) => new URLSearchParams(r.body).get("serviceCode"));

describe("create_waybill against a misbehaving SF", () => {
  it("completes every order with exactly one waybill while faults of every kind are injected", async () => {
    const kinds: SfFault[] = [
      { kind: "status", status: 500 },
      { kind: "status", status: 502 },
      { kind: "status", status: 503 },
      { kind: "status", status: 429, retryAfterSeconds: 1 },
      { kind: "flow_control" },
      { kind: "hang" },
      { kind: "drop" },
      { kind: "lost_answer" },
      { kind: "late_answer" },
    ];
    sf.randomFaults({ rate: 0.45, seed: 20261122, kinds });
    const installed = install();
    const results = [];
    for (let n = 1; n <= 30; n++) results.push(await asTheWorkerWould(installed, "create_waybill", waybillInput(n), `inst-${n}:waybill`));

    expect(sf.orders).toHaveLength(30);
    expect(new Set(sf.orders.map((o) => o.orderId)).size).toBe(30);
    for (const [i, result] of results.entries()) {
      const order = sf.orders.find((o) => o.orderId === result["courierOrderId"]);
      expect(order?.waybillNo, `order ${i + 1}`).toBe(result["trackingNo"]);
      expect(order?.receiver.address).toBe(`文三路 ${i + 1} 号`);
    }
    // The faults did strike, including answers lost after SF had made the order.
    expect(sf.requests.length).toBeGreaterThan(40);
    expect(services()).toContain("EXP_RECE_SEARCH_ORDER_RESP");
  });

  it("reads the first waybill back when the answer to a placed order is lost, within one call", async () => {
    sf.fault({ kind: "lost_answer" });
    const outcome = await call(install(), "create_waybill", waybillInput(1), "inst-1:waybill");
    expect(outcome).toEqual({ ok: true, output: { courier: "sf_express", trackingNo: "SF1400000000001", courierOrderId: expect.stringMatching(/^WS-1001-/), service: "2" } });
    expect(services()).toEqual(["EXP_RECE_CREATE_ORDER", "EXP_RECE_CREATE_ORDER", "EXP_RECE_SEARCH_ORDER_RESP"]);
    expect(sf.orders).toHaveLength(1);
  });

  it("reports an answer that never comes as a timeout, and the worker's retry finds the order made meanwhile", async () => {
    sf.fault({ kind: "late_answer" });
    const installed = install();
    expect(await call(installed, "create_waybill", waybillInput(1), "inst-1:waybill", 1, 300)).toMatchObject({ ok: false, retryable: true, error: { code: "timeout" } });
    expect(await call(installed, "create_waybill", waybillInput(1), "inst-1:waybill", 2)).toMatchObject({ ok: true, output: { trackingNo: "SF1400000000001" } });
    expect(sf.orders).toHaveLength(1);
  });

  it("hands SF's flow control and a long Retry-After to the worker instead of waiting in-process", async () => {
    const installed = install();
    sf.fault({ kind: "flow_control" });
    expect(await call(installed, "create_waybill", waybillInput(1), "k1")).toMatchObject({ ok: false, retryable: true, retryAfterMs: 5_000, error: { code: "flow_control", message: expect.stringContaining("A1005") } });
    sf.fault({ kind: "status", status: 429, retryAfterSeconds: 120 });
    expect(await call(installed, "create_waybill", waybillInput(1), "k1")).toMatchObject({ ok: false, retryable: true, retryAfterMs: 120_000 });
    expect(sf.orders).toHaveLength(0);
    expect(await call(installed, "create_waybill", waybillInput(1), "k1")).toMatchObject({ ok: true });
  });

  it("stops at once on a wrong check word, saying what to check", async () => {
    const wrong = install({ settings: { ...SETTINGS, baseUrl: sf.url, checkword: "not-the-check-word" } });
    expect(await call(wrong, "create_waybill", waybillInput(1), "k")).toMatchObject({ ok: false, retryable: false, error: { code: "sf_A1006", message: expect.stringContaining("check word") } });
  });
});

describe("cancel_waybill", () => {
  it("cancels the order behind a waybill, again without complaint, and refuses once SF has collected it", async () => {
    const installed = install();
    const first = await asTheWorkerWould(installed, "create_waybill", waybillInput(1), "w1");
    expect(await call(installed, "cancel_waybill", { waybillNo: first["trackingNo"]! }, "c1")).toEqual({ ok: true, output: { trackingNo: first["trackingNo"], cancelled: true } });
    expect(await call(installed, "cancel_waybill", { waybillNo: first["trackingNo"]! }, "c1")).toMatchObject({ ok: true });
    expect(sf.orders[0]!.status).toBe("cancelled");

    const second = await asTheWorkerWould(installed, "create_waybill", waybillInput(2), "w2");
    sf.addRoute(second["trackingNo"]!, "50", "2026-11-22 16:05:00");
    expect(await call(installed, "cancel_waybill", { waybillNo: second["trackingNo"]! }, "c2")).toMatchObject({ ok: false, retryable: false, error: { code: "already_picked_up" } });
  });
});

describe("tracking", () => {
  it("turns duplicate and out-of-order route pushes into parcel events the delivery wait can rely on", async () => {
    const installed = install();
    const { trackingNo } = await asTheWorkerWould(installed, "create_waybill", waybillInput(1), "w1");
    const source = installed.webhooks["route_push"]!;
    const pickedUp = sf.addRoute(trackingNo!, "50", "2026-11-22 16:05:00", "已收取快件");
    const transit = sf.addRoute(trackingNo!, "30", "2026-11-22 19:30:00", "完成分拣");
    const delivered = sf.addRoute(trackingNo!, "80", "2026-11-23 10:00:00", "已签收");

    const first = source.read(sf.routePush([delivered]));
    const repeated = source.read(sf.routePush([delivered]));
    const late = source.read(sf.routePush([transit]));
    const both = source.read(sf.routePush([pickedUp, transit]));
    expect(first).toMatchObject({ kind: "message", event: "parcel.delivered", correlation: trackingNo });
    expect(repeated.dedupeKey).toBe(first.dedupeKey);
    expect(late).toMatchObject({ kind: "message", event: "parcel.in_transit" });
    expect(late.dedupeKey).not.toBe(first.dedupeKey);
    expect(both.dedupeKey).toBe(late.dedupeKey);

    const tracked = await call(installed, "track", { trackingNo: trackingNo! }, "t1");
    if (!tracked.ok) throw new Error(tracked.error.message);
    const output = tracked.output as { status: unknown; delivered: boolean; events: TrackingEvent[] };
    expect(output).toMatchObject({ status: { kind: "delivered" }, delivered: true });
    expect(output.events.map((e) => e.kind)).toEqual(["picked_up", "in_transit", "delivered"]);
    expect(currentStatus(output.events)).toEqual({ kind: "delivered" });
  });

  it("refuses a push that is not SF's", () => {
    const source = install({ webhookRejected: (status, message) => new Error(`${status} ${message}`) }).webhooks["route_push"]!;
    const push = sf.routePush([{ mailno: "SF1", orderid: "o", opCode: "80", acceptTime: "2026-11-23 10:00:00", acceptAddress: "", remark: "", id: "1" }]);
    expect(() => source.read({ ...push, body: push.body.replace("80", "44") })).toThrow(/^401 the x-sf-msgdigest header does not match the body/);
  });
});

describe("quote", () => {
  it("lists SF's products with price and promised time, for chooseBest", async () => {
    const clock = () => new Date("2026-11-22T15:00:00+08:00");
    await sf.close();
    sf = await startSfSimulator({ partnerId: SETTINGS.partnerId, checkword: SETTINGS.checkword, clock });
    const installed = install({ clock });
    const outcome = await call(installed, "quote", { weightKg: 2.3, destination: { province: "浙江省", city: "杭州市" } }, "q1");
    if (!outcome.ok) throw new Error(outcome.error.message);
    const { quotes } = outcome.output as { quotes: Parameters<typeof chooseBest>[0] };
    expect(quotes).toEqual([
      { courier: "sf_express", service: "1", serviceName: "顺丰特快", price: "47.00", currency: "CNY", chargeableWeightKg: 2.3, promisedDays: 1, promisedBy: "2026-11-23T12:00:00+08:00" },
      { courier: "sf_express", service: "2", serviceName: "顺丰标快", price: "17.00", currency: "CNY", chargeableWeightKg: 2.3, promisedDays: 2, promisedBy: "2026-11-24T18:00:00+08:00" },
    ]);
    expect(chooseBest(quotes, "fastest").chosen.service).toBe("1");
    expect(JSON.parse(new URLSearchParams(sf.requests[0]!.body).get("msgData")!)).toMatchObject({ consignedTime: "2026-11-22 15:00:00", weight: 2.3, srcAddress: { city: "杭州市" } });
  });
});
