import { createMemoryStore, installConnector, type HostEvent } from "@orderflow/connector-sdk";
import { currentStatus, type TrackingEvent } from "@orderflow/courier-kit";
import { FAULT_MIX, untilSettled } from "@orderflow/courier-kit/simulator";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startCainiaoSimulator, type CainiaoSimulator } from "../simulator/cainiao-simulator";
import { cainiao as connector } from "./connector";
import { dataDigest } from "./signature";

const SECRET = "cainiao-secret-for-tests";
let link: CainiaoSimulator;

beforeEach(async () => {
  link = await startCainiaoSimulator({ appSecret: SECRET, logisticProviderId: "resource-1" });
});
afterEach(() => link.close());

function install(appSecret = SECRET) {
  return installConnector(connector, {
    settings: {
      shop: "cainiao-main",
      sender: { name: "杭州仓", phone: "0571-88880000", province: "浙江省", city: "杭州市", district: "余杭区", detail: "仓前街道 1 号" },
      gatewayUrl: `${link.url}/gateway/link.do`,
      cpCode: "YTO",
      templateUrl: "https://cloudprint.cainiao.com/template/standard/101/1",
      logisticProviderId: "resource-1",
      appSecret,
    },
    store: createMemoryStore(),
    sleep: async () => {},
    random: () => 0.5,
  });
}

type Installed = ReturnType<typeof install>;
const settle = (installed: Installed, action: string, input: Record<string, unknown>, idempotencyKey: string) => untilSettled(installed, { connector: "cainiao", action, input, idempotencyKey });
const trackingNoOf = (outcome: unknown) => (outcome as { output: { trackingNo: string } }).output.trackingNo;

const waybillInput = (orderNo: string) => ({
  orderNo,
  weightKg: 1.2,
  recipient: { name: "李四", phone: "13900001111" },
  address: { province: "浙江省", city: "杭州市", district: "西湖区", detail: "文三路 90 号" },
});

describe("create_waybill against a misbehaving LINK gateway", () => {
  it("completes every order despite 5xx, 429, flow control, hangs, drops and lost answers, with exactly one waybill each", async () => {
    const installed = install();
    const created = new Map<string, string>();
    for (let i = 0; i < 27; i++) {
      const orderNo = `WS-${2000 + i}`;
      link.fault(...FAULT_MIX[i % FAULT_MIX.length]!);
      const { outcome } = await settle(installed, "create_waybill", waybillInput(orderNo), `inst-${i}:waybill:1`);
      expect(outcome, orderNo).toMatchObject({ ok: true, output: { courier: "cainiao", service: "YTO", printData: expect.stringContaining("templateURL") } });
      created.set(orderNo, trackingNoOf(outcome));
    }
    expect(link.pendingFaults()).toBe(0);
    expect(link.waybills).toHaveLength(27);
    for (const [orderNo, trackingNo] of created) {
      expect(link.waybills.filter((w) => w.tradeOrders.includes(orderNo)).map((w) => w.waybillCode), orderNo).toEqual([trackingNo]);
    }
    expect(link.requests.length).toBeGreaterThan(27 + 10);
  });

  it("gives a repeated step the same number, and a second parcel of the same order (another step) its own", async () => {
    const installed = install();
    const first = await settle(installed, "create_waybill", waybillInput("WS-3000"), "inst-9:waybill:1");
    const again = await settle(installed, "create_waybill", waybillInput("WS-3000"), "inst-9:waybill:1");
    const second = await settle(installed, "create_waybill", waybillInput("WS-3000"), "inst-9:waybill-2:1");
    expect(again.outcome).toEqual(first.outcome);
    expect(trackingNoOf(second.outcome)).not.toBe(trackingNoOf(first.outcome));
    expect(link.waybills.map((w) => w.tradeOrders)).toEqual([["WS-3000"], ["WS-3000"]]);
  });

  it("stops at once when the digest is wrong, naming the problem", async () => {
    const { outcome, attempts } = await settle(install("not-the-secret"), "create_waybill", waybillInput("WS-3001"), "inst-10:waybill:1");
    expect(outcome).toMatchObject({ ok: false, retryable: false, error: { code: "cainiao_S02", message: expect.stringContaining("data_digest does not match") } });
    expect(attempts).toBe(1);
    expect(link.waybills).toHaveLength(0);
  });
});

describe("cancel_waybill", () => {
  it("discards a number through a lost answer, and refuses one never issued", async () => {
    const installed = install();
    const made = await settle(installed, "create_waybill", waybillInput("WS-4000"), "inst-11:waybill:1");
    const trackingNo = trackingNoOf(made.outcome);
    link.fault({ kind: "lost_answer" });
    expect((await settle(installed, "cancel_waybill", { waybillNo: trackingNo }, "inst-11:cancel:1")).outcome).toEqual({ ok: true, output: { trackingNo, cancelled: true } });
    expect(link.waybills[0]!.discarded).toBe(true);
    expect((await settle(installed, "cancel_waybill", { waybillNo: "YTO000000000000" }, "inst-12:cancel:1")).outcome).toMatchObject({ ok: false, retryable: false, error: { code: "cainiao_S12" } });
  });
});

describe("track pushes", () => {
  it("turns duplicate and out-of-order pushes into one message per event, and the parcel ends delivered", async () => {
    const installed = install();
    const trackingNo = trackingNoOf((await settle(installed, "create_waybill", waybillInput("WS-5000"), "inst-13:waybill:1")).outcome);
    const pushes = (
      [
        ["ACCEPT", "2026-11-22 15:00:00"],
        ["TRANSPORT", "2026-11-22 18:40:00"],
        ["DELIVERING", "2026-11-23 08:10:00"],
        ["SIGN", "2026-11-23 10:05:00"],
      ] as const
    ).map(([status, time]) => link.trackPush(trackingNo, status, { time }));
    const deliveries = [pushes[3]!, pushes[1]!, pushes[3]!, pushes[0]!, pushes[2]!, pushes[0]!, pushes[1]!];
    const source = installed.webhooks["track_push"]!;
    const received = new Map<string, HostEvent>();
    for (const push of deliveries) {
      const event = source.read(push);
      if (event.dedupeKey !== null && !received.has(event.dedupeKey)) received.set(event.dedupeKey, event);
    }
    const messages = [...received.values()].filter((e): e is Extract<HostEvent, { kind: "message" }> => e.kind === "message");
    expect(messages.map((m) => m.event).sort()).toEqual(["parcel.delivered", "parcel.in_transit", "parcel.out_for_delivery", "parcel.picked_up"]);
    expect(currentStatus(messages.map((m) => m.payload as TrackingEvent))).toEqual({ kind: "delivered" });
  });

  it("refuses a push signed with another secret, and names the field a push lacks", () => {
    const source = install().webhooks["track_push"]!;
    const forged = link.trackPush("YTO1", "SIGN");
    expect(() => source.read({ ...forged, body: forged.body.replace(/data_digest=[^&]+/, "data_digest=AAAA") })).toThrow(/data_digest does not match/);
    const content = JSON.stringify({ mailNo: "YTO1", cpCode: "YTO", time: "2026-11-23 10:05:00" });
    const incomplete = new URLSearchParams({ data_digest: dataDigest(content, SECRET), logistics_interface: content }).toString();
    expect(() => source.read({ headers: {}, body: incomplete })).toThrow(/logistics_interface\.logisticsStatus/);
  });
});
