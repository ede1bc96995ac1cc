import { createMemoryStore, installConnector, type InstallOptions } from "@orderflow/connector-sdk";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startReceiverSimulator, type ReceiverSimulator } from "../simulator/receiver-simulator";
import { outboundWebhook } from "./connector";
import { signatureProblem } from "./signature";

const SECRET = "shared-secret-for-tests";
let receiver: ReceiverSimulator;
let waits: number[];

beforeEach(async () => {
  receiver = await startReceiverSimulator({ secret: SECRET });
  waits = [];
});
afterEach(() => receiver.close());

function install(settings: Record<string, unknown> = {}, overrides: Partial<InstallOptions> = {}) {
  return installConnector(outboundWebhook, {
    settings: { ...receiver.settings(), source: "hz-ops", ...settings },
    store: createMemoryStore(),
    sleep: async (ms) => void waits.push(ms),
    random: () => 1,
    ...overrides,
  });
}

const lateOrder = { channel: "outbound_webhook", to: { role: "supervisor", warehouse: "HZ1" }, message: { zh: "订单 DB1001 已超时", en: "Order DB1001 is late" } };

describe("outbound events against a misbehaving receiver", () => {
  it("posts a notification as a signed event whose id is the idempotency key", async () => {
    expect(await install().notify!(lateOrder, "inst-1:late:notify")).toEqual({ ok: true, output: null });
    expect(receiver.events()).toEqual([
      {
        idempotencyKey: "inst-1:late:notify",
        event: { id: "inst-1:late:notify", type: "notification", source: "hz-ops", occurredAt: expect.any(String), data: { to: lateOrder.to, message: lateOrder.message } },
      },
    ]);
    const request = receiver.requests[0]!;
    expect(signatureProblem(SECRET, new Date(), 300, request.headers, request.body)).toBeNull();
    expect(signatureProblem(SECRET, new Date(), 300, request.headers, request.body.replace("DB1001", "DB1002"))).toMatch(/does not match/);
  });

  it("gets through a 500 and a lost answer: the receiver sees the repeat under one key and keeps one event", async () => {
    receiver.fault({ kind: "status", status: 500 }, { kind: "lost_answer" });
    expect(await install().notify!(lateOrder, "k-1")).toEqual({ ok: true, output: null });
    expect(receiver.requests).toHaveLength(3);
    expect(receiver.received.map((r) => r.event.id)).toEqual(["k-1", "k-1"]);
    expect(receiver.events()).toHaveLength(1);
  });

  it("waits out a short Retry-After, hands a long one to the worker, and the worker's retry is taken once", async () => {
    receiver.fault({ kind: "status", status: 429, retryAfterSeconds: 2 });
    expect(await install().notify!(lateOrder, "k-1")).toMatchObject({ ok: true });
    expect(waits).toEqual([2_000]);
    receiver.fault({ kind: "status", status: 429, retryAfterSeconds: 300 });
    expect(await install().notify!(lateOrder, "k-2")).toMatchObject({ ok: false, retryable: true, retryAfterMs: 300_000, error: { code: "http_429" } });
    expect(await install().notify!(lateOrder, "k-2")).toMatchObject({ ok: true });
    expect(receiver.events().map((r) => r.event.id)).toEqual(["k-1", "k-2"]);
  });

  it("reports a receiver that hangs past the call's time as a timeout, and retries a dropped connection", async () => {
    receiver.fault({ kind: "hang" });
    const installed = install();
    const call = { connector: "outbound_webhook", action: "send_event", input: { type: "order.shipped", data: { orderNo: "DB1001" } }, idempotencyKey: "k-ship", attempt: 1 };
    expect(await installed.invoke({ ...call, timeoutMs: 300 })).toMatchObject({ ok: false, retryable: true, error: { code: "timeout" } });
    receiver.fault({ kind: "drop" });
    expect(await installed.invoke({ ...call, timeoutMs: 10_000 })).toEqual({ ok: true, output: { delivered: true, eventId: "k-ship", status: 200 } });
    expect(receiver.events()).toEqual([expect.objectContaining({ event: expect.objectContaining({ id: "k-ship", type: "order.shipped", data: { orderNo: "DB1001" } }) })]);
  });

  it("stops at once when the receiver refuses the signature, saying it will not send again", async () => {
    expect(await install({ secret: "not-the-secret" }).notify!(lateOrder, "k-1")).toMatchObject({
      ok: false,
      retryable: false,
      error: { code: "refused", message: expect.stringContaining("check the shared secret") },
    });
    expect(receiver.requests).toHaveLength(1);
    expect(receiver.received).toEqual([]);
  });
});
