import { createMemoryStore, installConnector, type HostEvent } from "@orderflow/connector-sdk";
import { currentStatus, type TrackingEvent } from "@orderflow/courier-kit";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FAULT_MIX, untilSettled } from "@orderflow/courier-kit/simulator";
import { startYtoSimulator, type YtoSimulator } from "../simulator/yto-simulator";
import { yto as connector } from "./connector";

const SECRET = "yto-secret-for-tests";
let yto: YtoSimulator;

beforeEach(async () => {
  yto = await startYtoSimulator({ secret: SECRET });
});
afterEach(() => yto.close());

function install(secret = SECRET) {
  return installConnector(connector, {
    settings: {
      shop: "yto-main",
      sender: { name: "杭州仓", phone: "0571-88880000", province: "浙江省", city: "杭州市", district: "余杭区", detail: "仓前街道 1 号" },
      createUrl: yto.createUrl,
      cancelUrl: yto.cancelUrl,
      trackUrl: yto.trackUrl,
      secret,
    },
    store: createMemoryStore(),
    sleep: async () => {},
    random: () => 0.5,
  });
}

type Installed = ReturnType<typeof install>;

const waybillInput = (orderNo: string) => ({
  orderNo,
  weightKg: 1.2,
  recipient: { name: "李四", phone: "13900001111" },
  address: { province: "浙江省", city: "杭州市", district: "西湖区", detail: "文三路 90 号" },
});

/** Calls as the worker would, with the same key until the call settles. */
const settle = (installed: Installed, action: string, input: Record<string, unknown>, idempotencyKey: string) => untilSettled(installed, { connector: "yto", action, input, idempotencyKey });

const trackingNoOf = (outcome: unknown) => (outcome as { output: { trackingNo: string } }).output.trackingNo;

describe("create_waybill against a misbehaving YTO", () => {
  it("completes every order despite 5xx, 429, flow control, hangs, drops and lost answers, with exactly one waybill each", async () => {
    const installed = install();
    const created = new Map<string, string>();
    for (let i = 0; i < 24; i++) {
      const orderNo = `WS-${2000 + i}`;
      yto.fault(...FAULT_MIX[i % FAULT_MIX.length]!);
      const { outcome } = await settle(installed, "create_waybill", waybillInput(orderNo), `inst-${i}:waybill:1`);
      expect(outcome, orderNo).toMatchObject({ ok: true, output: { courier: "yto", service: "PK" } });
      if (outcome.ok) created.set(orderNo, (outcome.output as { trackingNo: string }).trackingNo);
    }
    expect(yto.pendingFaults()).toBe(0);
    expect(yto.orders).toHaveLength(24);
    for (const [orderNo, trackingNo] of created) {
      expect(yto.orders.filter((o) => o.param.cstOrderNo === orderNo).map((o) => o.mailNo), orderNo).toEqual([trackingNo]);
    }
    // The faults really struck: more calls reached YTO than orders were made.
    expect(yto.requests.length).toBeGreaterThan(24 + 10);
  });

  it("answers a repeated step with the same waybill, and a second parcel of the same order (another step) with its own", async () => {
    const installed = install();
    const first = await settle(installed, "create_waybill", waybillInput("WS-3000"), "inst-9:waybill:1");
    const again = await settle(installed, "create_waybill", waybillInput("WS-3000"), "inst-9:waybill:1");
    const second = await settle(installed, "create_waybill", waybillInput("WS-3000"), "inst-9:waybill-2:1");
    expect(again.outcome).toEqual(first.outcome);
    expect(second.outcome).toMatchObject({ ok: true, output: { trackingNo: expect.not.stringMatching(trackingNoOf(first.outcome)) } });
    expect(yto.orders).toHaveLength(2);
  });

  it("stops at once on a refusal no retry can cure: a wrong secret", async () => {
    const { outcome, attempts } = await settle(install("not-the-secret"), "create_waybill", waybillInput("WS-3001"), "inst-10:waybill:1");
    expect(outcome).toMatchObject({ ok: false, retryable: false, error: { code: "yto_0002", message: expect.stringContaining("签名错误") } });
    expect(attempts).toBe(1);
    expect(yto.orders).toHaveLength(0);
  });
});

describe("cancel_waybill", () => {
  it("cancels before pickup, and is refused, saying why, after it", async () => {
    const installed = install();
    const made = await settle(installed, "create_waybill", waybillInput("WS-4000"), "inst-11:waybill:1");
    const trackingNo = trackingNoOf(made.outcome);
    yto.fault({ kind: "lost_answer" });
    expect((await settle(installed, "cancel_waybill", { waybillNo: trackingNo }, "inst-11:cancel:1")).outcome).toEqual({ ok: true, output: { trackingNo, cancelled: true } });
    expect(yto.orders[0]!.cancelled).toBe(true);

    const other = await settle(installed, "create_waybill", waybillInput("WS-4001"), "inst-12:waybill:1");
    const picked = (other.outcome as { output: { trackingNo: string; courierOrderId: string } }).output;
    yto.advance(picked.trackingNo, "GOT");
    expect((await settle(installed, "cancel_waybill", { waybillNo: picked.trackingNo, courierOrderId: picked.courierOrderId }, "inst-12:cancel:1")).outcome).toMatchObject({
      ok: false,
      retryable: false,
      error: { code: "yto_2002", message: expect.stringContaining("已揽收") },
    });
  });
});

describe("tracking", () => {
  it("turns duplicate and out-of-order pushes into one message per event, and the parcel ends delivered", async () => {
    const installed = install();
    const made = await settle(installed, "create_waybill", waybillInput("WS-5000"), "inst-13:waybill:1");
    const { trackingNo } = (made.outcome as { output: { trackingNo: string } }).output;
    const scans: [string, string][] = [
      ["GOT", "2026-11-22 15:00:00"],
      ["DEPARTURE", "2026-11-22 18:40:00"],
      ["SENT_SCAN", "2026-11-23 08:10:00"],
      ["SIGNED", "2026-11-23 10:05:00"],
    ];
    const pushes = scans.map(([code, at]) => yto.trackPush(trackingNo, code, { acceptTime: at }));
    // Delivered first, every push twice, transit last: as a courier's retries and queues deliver them.
    const order = [pushes[3]!, pushes[0]!, pushes[3]!, pushes[2]!, pushes[0]!, pushes[1]!, pushes[2]!, pushes[1]!];
    const source = installed.webhooks["track_push"]!;
    const received = new Map<string, HostEvent>();
    for (const push of order) {
      const event = source.read(push);
      if (event.dedupeKey !== null && !received.has(event.dedupeKey)) received.set(event.dedupeKey, event);
    }
    const messages = [...received.values()].filter((e): e is Extract<HostEvent, { kind: "message" }> => e.kind === "message");
    expect(messages.map((m) => m.event).sort()).toEqual(["parcel.delivered", "parcel.in_transit", "parcel.out_for_delivery", "parcel.picked_up"]);
    expect(messages.every((m) => m.correlation === trackingNo)).toBe(true);
    expect(currentStatus(messages.map((m) => m.payload as TrackingEvent))).toEqual({ kind: "delivered" });
  });

  it("queries the track through faults and reads it oldest first", async () => {
    const installed = install();
    const made = await settle(installed, "create_waybill", waybillInput("WS-5001"), "inst-14:waybill:1");
    const { trackingNo } = (made.outcome as { output: { trackingNo: string } }).output;
    expect((await settle(installed, "track", { trackingNo }, "inst-14:track:1")).outcome).toEqual({ ok: true, output: { trackingNo, status: null, delivered: false, events: [] } });
    yto.advance(trackingNo, "SENT_SCAN", "2026-11-23 08:10:00");
    yto.advance(trackingNo, "GOT", "2026-11-22 15:00:00");
    yto.fault({ kind: "status", status: 500 }, { kind: "flow_control" });
    const { outcome } = await settle(installed, "track", { trackingNo }, "inst-14:track:2");
    expect(outcome).toMatchObject({ ok: true, output: { status: { kind: "out_for_delivery" }, delivered: false, events: [{ kind: "picked_up" }, { kind: "out_for_delivery" }] } });
  });

  it("refuses a push signed with another secret, or for another customer", () => {
    const source = install().webhooks["track_push"]!;
    const push = yto.trackPush("YT1", "SIGNED");
    const forged = { ...push, body: push.body.replace(/data_digest=[^&]+/, "data_digest=AAAA") };
    expect(() => source.read(forged)).toThrow(/data_digest does not match/);
    const otherCustomer = { ...push, body: push.body.replace("clientId=K21000119", "clientId=K99999999") };
    expect(() => source.read(otherCustomer)).toThrow(/customer K99999999/);
  });
});
