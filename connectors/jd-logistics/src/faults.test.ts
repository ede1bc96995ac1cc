import { createMemoryStore, installConnector } from "@orderflow/connector-sdk";
import { chooseBest, type Quote } from "@orderflow/courier-kit";
import { FAULT_MIX, untilSettled } from "@orderflow/courier-kit/simulator";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startJdSimulator, type JdSimulator } from "../simulator/jd-simulator";
import { jdLogistics as connector } from "./connector";

const CREDENTIALS = { appKey: "jd-app", appSecret: "jd-secret-for-tests", accessToken: "jd-token" };
const NOW = new Date("2026-11-22T20:00:00+08:00");
let jd: JdSimulator;

beforeEach(async () => {
  jd = await startJdSimulator({ ...CREDENTIALS, clock: () => NOW });
});
afterEach(() => jd.close());

function install(credentials: Partial<typeof CREDENTIALS> = {}) {
  return installConnector(connector, {
    settings: {
      shop: "jd-main",
      sender: { name: "杭州仓", phone: "0571-88880000", province: "浙江省", city: "杭州市", district: "余杭区", detail: "仓前街道 1 号" },
      baseUrl: jd.url,
      customerCode: "010K1234567",
      ...CREDENTIALS,
      ...credentials,
    },
    store: createMemoryStore(),
    clock: () => NOW,
    sleep: async () => {},
    random: () => 0.5,
  });
}

type Installed = ReturnType<typeof install>;
const settle = (installed: Installed, action: string, input: Record<string, unknown>, idempotencyKey: string) => untilSettled(installed, { connector: "jd_logistics", action, input, idempotencyKey });
const trackingNoOf = (outcome: unknown) => (outcome as { output: { trackingNo: string } }).output.trackingNo;

const waybillInput = (orderNo: string) => ({
  orderNo,
  weightKg: 1.2,
  recipient: { name: "李四", phone: "13900001111" },
  address: { province: "浙江省", city: "杭州市", district: "西湖区", detail: "文三路 90 号" },
});

describe("create_waybill against a misbehaving LOP gateway", () => {
  it("completes every order despite 5xx, 429, flow control, hangs, drops and lost answers, with exactly one waybill each", async () => {
    const installed = install();
    const created = new Map<string, string>();
    for (let i = 0; i < 27; i++) {
      const orderNo = `WS-${2000 + i}`;
      jd.fault(...FAULT_MIX[i % FAULT_MIX.length]!);
      const { outcome } = await settle(installed, "create_waybill", waybillInput(orderNo), `inst-${i}:waybill:1`);
      expect(outcome, orderNo).toMatchObject({ ok: true, output: { courier: "jd_logistics", service: "ed-m-0001" } });
      created.set(orderNo, trackingNoOf(outcome));
    }
    expect(jd.pendingFaults()).toBe(0);
    expect(jd.orders).toHaveLength(27);
    for (const [orderNo, trackingNo] of created) {
      expect(jd.orders.filter((o) => o.request.remark === orderNo).map((o) => o.waybillCode), orderNo).toEqual([trackingNo]);
    }
    expect(jd.requests.length).toBeGreaterThan(27 + 10);
  });

  it("gives a repeated step the same waybill, and a second parcel of the same order (another step) its own", async () => {
    const installed = install();
    const first = await settle(installed, "create_waybill", waybillInput("WS-3000"), "inst-9:waybill:1");
    const again = await settle(installed, "create_waybill", waybillInput("WS-3000"), "inst-9:waybill:1");
    const second = await settle(installed, "create_waybill", { ...waybillInput("WS-3000"), speed: "next_day" }, "inst-9:waybill-2:1");
    expect(again.outcome).toEqual(first.outcome);
    expect(second.outcome).toMatchObject({ ok: true, output: { service: "ed-m-0002" } });
    expect(trackingNoOf(second.outcome)).not.toBe(trackingNoOf(first.outcome));
    expect(jd.orders).toHaveLength(2);
  });

  it("stops at once when the signature is wrong, naming the problem", async () => {
    const { outcome, attempts } = await settle(install({ appSecret: "not-the-secret" }), "create_waybill", waybillInput("WS-3001"), "inst-10:waybill:1");
    expect(outcome).toMatchObject({ ok: false, retryable: false, error: { code: "jd_403", message: expect.stringContaining("签名校验失败") } });
    expect(attempts).toBe(1);
    expect(jd.orders).toHaveLength(0);
  });
});

describe("quote", () => {
  it("quotes both products through faults, with JD's freight and promise, and chooseBest picks by the rule", async () => {
    jd.fault({ kind: "status", status: 503 }, { kind: "flow_control" });
    const { outcome } = await settle(install(), "quote", { weightKg: 2.4, dimensions: { lengthCm: 40, widthCm: 30, heightCm: 20 }, destination: { province: "广东省", city: "深圳市" } }, "inst-20:quote:1");
    expect(outcome).toEqual({
      ok: true,
      output: {
        quotes: [
          { courier: "jd_logistics", service: "ed-m-0001", serviceName: "京东标快", price: "16.00", currency: "CNY", chargeableWeightKg: 3, promisedDays: 3, promisedBy: "2026-11-25T23:59:59+08:00" },
          { courier: "jd_logistics", service: "ed-m-0002", serviceName: "京东特快", price: "35.00", currency: "CNY", chargeableWeightKg: 3, promisedDays: 1, promisedBy: "2026-11-23T23:59:59+08:00" },
        ],
      },
    });
    const quotes = (outcome as { output: { quotes: Quote[] } }).output.quotes;
    expect(chooseBest(quotes, "cheapest").chosen.service).toBe("ed-m-0001");
    expect(chooseBest(quotes, "fastest").chosen.service).toBe("ed-m-0002");
  });

  it("quotes the one product a speed calls for: JD Express when faster, the account's product at standard", async () => {
    const { outcome } = await settle(install(), "quote", { weightKg: 0.8, destination: { province: "浙江省", city: "杭州市" }, speed: "next_day" }, "inst-21:quote:1");
    expect(outcome).toMatchObject({ ok: true, output: { quotes: [{ service: "ed-m-0002", price: "23.00", promisedDays: 1 }] } });
    const standard = await settle(install(), "quote", { weightKg: 0.8, destination: { province: "浙江省", city: "杭州市" }, speed: "standard" }, "inst-21:quote:2");
    expect(standard.outcome).toMatchObject({ ok: true, output: { quotes: [{ service: "ed-m-0001", price: "12.00", promisedDays: 3 }] } });
  });
});

describe("cancel and track", () => {
  it("cancels before pickup through a lost answer, and intercepts after it", async () => {
    const installed = install();
    const trackingNo = trackingNoOf((await settle(installed, "create_waybill", waybillInput("WS-4000"), "inst-11:waybill:1")).outcome);
    jd.fault({ kind: "lost_answer" });
    expect((await settle(installed, "cancel_waybill", { waybillNo: trackingNo }, "inst-11:cancel:1")).outcome).toEqual({ ok: true, output: { trackingNo, cancelled: true } });
    expect(jd.orders[0]!.status).toBe("cancelled");

    const picked = trackingNoOf((await settle(installed, "create_waybill", waybillInput("WS-4001"), "inst-12:waybill:1")).outcome);
    jd.advance(picked, "揽收", "京东快递已揽收");
    expect((await settle(installed, "cancel_waybill", { waybillNo: picked }, "inst-12:cancel:1")).outcome).toEqual({ ok: true, output: { trackingNo: picked, cancelled: false } });
    expect(jd.orders[1]!.status).toBe("intercepting");
  });

  it("reads a trace scanned out of order, through faults, oldest first, and a refusal as a returned exception", async () => {
    const installed = install();
    const trackingNo = trackingNoOf((await settle(installed, "create_waybill", waybillInput("WS-5000"), "inst-13:waybill:1")).outcome);
    jd.advance(trackingNo, "分拣中心发货", "快件已从杭州分拣中心发出", "2026-11-22 18:40:00");
    jd.advance(trackingNo, "揽收", "京东快递已揽收", "2026-11-22 15:00:00");
    jd.advance(trackingNo, "拒收", "客户拒收，快件将返回商家", "2026-11-23 11:00:00");
    jd.advance(trackingNo, "配送员开始配送", "配送员正在为您派件", "2026-11-23 08:10:00");
    jd.fault({ kind: "hang" }, { kind: "status", status: 500 });
    const { outcome } = await settle(installed, "track", { trackingNo }, "inst-13:track:1");
    expect(outcome).toMatchObject({
      ok: true,
      output: { status: { kind: "exception", reason: "returned" }, delivered: false, events: [{ kind: "picked_up" }, { kind: "in_transit" }, { kind: "out_for_delivery" }, { kind: "exception", reason: "returned" }] },
    });
  });
});
