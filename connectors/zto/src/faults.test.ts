import { createMemoryStore, installConnector, type InstallOptions } from "@orderflow/connector-sdk";
import { currentStatus, type TrackingEvent } from "@orderflow/courier-kit";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startZtoSimulator, type ZtoFault, type ZtoSimulator } from "../simulator/zto-simulator";
import { zto } from "./connector";
import { SETTINGS } from "./test-settings";

let sim: ZtoSimulator;
beforeEach(async () => {
  sim = await startZtoSimulator({ appKey: SETTINGS.appKey, appSecret: SETTINGS.appSecret });
});
afterEach(() => sim.close());

function install(overrides: Partial<InstallOptions> & { orderType?: "1" | "2" } = {}) {
  const { orderType = "1", ...rest } = overrides;
  return installConnector(zto, { settings: { ...SETTINGS, orderType, baseUrl: sim.url }, store: createMemoryStore(), sleep: async () => {}, random: () => 1, ...rest });
}
type Installed = ReturnType<typeof install>;

const waybillInput = (n: number) => ({
  orderNo: `WS-${1000 + n}`,
  weightKg: 1.2,
  recipient: { name: "李四", phone: "13900001111" },
  address: { province: "上海", city: "上海市", district: "闵行区", detail: `申贵路 ${n} 号` },
});

const call = (installed: Installed, action: string, input: Record<string, unknown>, key: string, timeoutMs = 10_000) =>
  installed.invoke({ connector: "zto", action, input, idempotencyKey: key, attempt: 1, timeoutMs });

/** What the worker does with one effect: call again with the same key while the outcome says a retry may help. */
async function asTheWorkerWould(installed: Installed, action: string, input: Record<string, unknown>, key: string) {
  for (let attempt = 1; attempt <= 40; attempt++) {
    const outcome = await call(installed, action, input, key, 300);
    if (outcome.ok) return outcome.output as Record<string, string>;
    if (!outcome.retryable) throw new Error(`${key} failed for good: ${outcome.error.code} ${outcome.error.message}`);
  }
  throw new Error(`${key} did not complete in 40 attempts`);
}

describe("create_waybill against a misbehaving ZTO", () => {
  it("completes every order with exactly one waybill, subscribed to pushes, while faults of every kind are injected", async () => {
    const kinds: ZtoFault[] = [
      { kind: "status", status: 500 },
      { kind: "status", status: 503 },
      { kind: "status", status: 429, retryAfterSeconds: 1 },
      { kind: "limited" },
      { kind: "hang" },
      { kind: "drop" },
      { kind: "lost_answer" },
      { kind: "late_answer" },
    ];
    sim.randomFaults({ rate: 0.45, seed: 7, kinds });
    const installed = install();
    const results = [];
    for (let n = 1; n <= 30; n++) results.push(await asTheWorkerWould(installed, "create_waybill", waybillInput(n), `inst-${n}:waybill`));

    expect(sim.orders).toHaveLength(30);
    for (const [i, result] of results.entries()) {
      const order = sim.orders.find((o) => o.partnerOrderCode === result["courierOrderId"]);
      expect(order?.billCode, `order ${i + 1}`).toBe(result["trackingNo"]);
      expect(order?.receiver.address).toBe(`申贵路 ${i + 1} 号`);
      expect(order?.subscribed).toBe(true);
    }
    // The faults did strike, including answers lost after ZTO had made the order.
    const creates = sim.requests.filter((r) => r.path === "/zto.open.createOrder");
    expect(creates.length).toBeGreaterThan(35);
  });

  it("gets the first waybill back when the answer to a created order is lost, and when it never comes", async () => {
    sim.fault({ kind: "lost_answer" });
    const installed = install();
    expect(await call(installed, "create_waybill", waybillInput(1), "k1")).toMatchObject({ ok: true, output: { trackingNo: "73100000000001" } });
    sim.fault({ kind: "late_answer" });
    expect(await call(installed, "create_waybill", waybillInput(2), "k2", 300)).toMatchObject({ ok: false, retryable: true, error: { code: "timeout" } });
    expect(await call(installed, "create_waybill", waybillInput(2), "k2")).toMatchObject({ ok: true, output: { trackingNo: "73100000000002" } });
    expect(sim.orders.map((o) => o.billCode)).toEqual(["73100000000001", "73100000000002"]);
  });

  it("hands ZTO's flow limit and a long Retry-After to the worker", async () => {
    const installed = install();
    sim.fault({ kind: "limited" });
    expect(await call(installed, "create_waybill", waybillInput(1), "k")).toMatchObject({ ok: false, retryable: true, retryAfterMs: 5_000, error: { code: "rate_limited", message: expect.stringContaining("S221") } });
    sim.fault({ kind: "status", status: 429, retryAfterSeconds: 90 });
    expect(await call(installed, "create_waybill", waybillInput(1), "k")).toMatchObject({ ok: false, retryable: true, retryAfterMs: 90_000 });
    expect(sim.orders).toHaveLength(0);
  });

  it("stops at once on a wrong app secret", async () => {
    const wrong = install({ settings: { ...SETTINGS, baseUrl: sim.url, appSecret: "nope" } });
    expect(await call(wrong, "create_waybill", waybillInput(1), "k")).toMatchObject({ ok: false, retryable: false, error: { code: "zto_S211", message: expect.stringContaining("app key and secret") } });
  });
});

describe("cancel_waybill", () => {
  it("cancels a booked pick-up, and passes on ZTO's refusal once the parcel is collected", async () => {
    const installed = install({ orderType: "2" });
    const first = await asTheWorkerWould(installed, "create_waybill", waybillInput(1), "w1");
    expect(await call(installed, "cancel_waybill", { waybillNo: first["trackingNo"]! }, "c1")).toEqual({ ok: true, output: { trackingNo: first["trackingNo"], cancelled: true } });
    expect(sim.orders[0]!.status).toBe("cancelled");
    const second = await asTheWorkerWould(installed, "create_waybill", waybillInput(2), "w2");
    sim.addTrace(second["trackingNo"]!, "GOT", "2026-11-22 16:05:00");
    expect(await call(installed, "cancel_waybill", { waybillNo: second["trackingNo"]! }, "c2")).toMatchObject({ ok: false, retryable: false, error: { message: expect.stringContaining("已揽收") } });
  });
});

describe("tracking", () => {
  it("turns duplicate and out-of-order pushes into parcel events, and the query agrees", async () => {
    const installed = install();
    const { trackingNo } = await asTheWorkerWould(installed, "create_waybill", waybillInput(1), "w1");
    const source = installed.webhooks["track_push"]!;
    sim.addTrace(trackingNo!, "GOT", "2026-11-22 16:05:00", "已揽收");
    const transit = sim.addTrace(trackingNo!, "ARRIVAL", "2026-11-22 22:00:00", "到达【上海中转部】");
    const signed = sim.addTrace(trackingNo!, "SIGNED", "2026-11-23 10:00:00", "已签收");

    const first = source.read(sim.tracePush(signed));
    const repeated = source.read(sim.tracePush(signed));
    const late = source.read(sim.tracePush(transit));
    expect(first).toMatchObject({ kind: "message", event: "parcel.delivered", correlation: trackingNo });
    expect(repeated.dedupeKey).toBe(first.dedupeKey);
    expect(late).toMatchObject({ kind: "message", event: "parcel.in_transit" });
    expect(late.dedupeKey).not.toBe(first.dedupeKey);

    const tracked = await call(installed, "track", { trackingNo: trackingNo! }, "t1");
    if (!tracked.ok) throw new Error(tracked.error.message);
    const events = (tracked.output as { events: TrackingEvent[] }).events;
    expect(events.map((e) => e.kind)).toEqual(["picked_up", "in_transit", "delivered"]);
    expect(currentStatus(events)).toEqual({ kind: "delivered" });
  });

  it("refuses a push not signed with this app's secret", () => {
    const source = install({ webhookRejected: (status, message) => new Error(`${status} ${message}`) }).webhooks["track_push"]!;
    const other = { ...sim.tracePush({ billCode: "7310", action: "SIGNED", actionTime: "2026-11-23 10:00:00", desc: "", city: "" }) };
    expect(() => source.read({ ...other, body: other.body.replace("SIGNED", "GOT") })).toThrow(/^401 data_digest does not match the data/);
  });
});

describe("quote", () => {
  it("prices standard delivery from the contract's rate table, and offers nothing faster", async () => {
    const zones = [{ name: "华东", regions: ["上海", "浙江省"], firstWeightKg: 1, firstPrice: "5.00", additionalStepKg: 1, additionalPrice: "1.50", promisedDays: 2 }];
    const installed = install({ settings: { ...SETTINGS, baseUrl: sim.url, zones }, clock: () => new Date("2026-11-22T15:00:00+08:00") });
    const parcel = { weightKg: 2.4, destination: { province: "上海", city: "上海市" } };
    expect(await call(installed, "quote", parcel, "q")).toEqual({
      ok: true,
      output: { quotes: [{ courier: "zto", service: "standard", serviceName: "华东 标准 Standard", price: "8.00", currency: "CNY", chargeableWeightKg: 2.4, promisedDays: 2, promisedBy: "2026-11-24T23:59:59+08:00" }] },
    });
    expect(await call(installed, "quote", { ...parcel, speed: "next_day" }, "q")).toEqual({ ok: true, output: { quotes: [] } });
    expect(sim.requests).toHaveLength(0);
  });
});
