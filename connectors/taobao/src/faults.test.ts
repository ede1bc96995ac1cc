import { createMemoryStore, installConnector, toBeijingTime, type HostEvent, type InstallOptions } from "@orderflow/connector-sdk";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startTopSimulator, type TopSimulator } from "../simulator/top-simulator";
import { taobao } from "./connector";

const CREDENTIALS = { appKey: "12345678", appSecret: "app-secret-for-tests", session: "session-for-tests" };
let now: Date;
const clock = () => now;
let top: TopSimulator;
let waits: number[];

beforeEach(async () => {
  now = new Date("2026-11-22T02:00:00Z");
  top = await startTopSimulator({ ...CREDENTIALS, clock });
  waits = [];
});
afterEach(() => top.close());

function install(overrides: Partial<InstallOptions> = {}, settings: Record<string, unknown> = {}) {
  return installConnector(taobao, {
    settings: { shop: "hz-tea", gatewayUrl: top.gatewayUrl, ...CREDENTIALS, ...settings },
    store: createMemoryStore(),
    clock,
    sleep: async (ms) => void waits.push(ms),
    random: () => 1,
    ...overrides,
  });
}

const push = (installed: ReturnType<typeof install>, tid: string, options: { trackingNo?: string; timeoutMs?: number } = {}) =>
  installed.invoke({
    connector: "taobao",
    action: "push_shipment",
    input: { platformOrderNo: tid, courier: "SF", trackingNo: options.trackingNo ?? "SF1400012345678" },
    idempotencyKey: "inst-1:ship:1",
    attempt: 1,
    timeoutMs: options.timeoutMs ?? 10_000,
  });

const orderNumbers = (events: HostEvent[]) => events.flatMap((e) => (e.kind === "order" ? [e.order.platformOrderNo] : []));

describe("push_shipment against a misbehaving TOP", () => {
  it("gets through a 502 and a lost answer; the trade ships once and the repeat reads as already shipped", async () => {
    const trade = top.placeTrade();
    top.fault({ kind: "status", status: 502 }, { kind: "lost_answer" });
    expect(await push(install(), trade.tid_str)).toEqual({ ok: true, output: { accepted: true, alreadyShipped: true, platformOrderNo: trade.tid_str } });
    expect(top.shipments).toEqual([{ tid: trade.tid_str, companyCode: "SF", outSid: "SF1400012345678" }]);
    expect(top.calls()).toEqual(["taobao.logistics.offline.send", "taobao.logistics.offline.send", "taobao.logistics.offline.send", "taobao.trade.fullinfo.get"]);
  });

  it("pushing the same shipment twice succeeds twice; another tracking number is refused", async () => {
    const trade = top.placeTrade();
    const installed = install();
    expect(await push(installed, trade.tid_str)).toMatchObject({ ok: true, output: { alreadyShipped: false } });
    expect(await push(installed, trade.tid_str)).toMatchObject({ ok: true, output: { alreadyShipped: true } });
    expect(await push(installed, trade.tid_str, { trackingNo: "SF999" })).toMatchObject({ ok: false, retryable: false, error: { code: "already_shipped", message: expect.stringContaining("SF1400012345678") } });
    expect(top.shipments).toHaveLength(1);
  });

  it("hands TOP flow control to the worker with the ban's length, and a 429's Retry-After is waited out", async () => {
    const trade = top.placeTrade();
    top.fault({ kind: "flow_control", banSeconds: 21 });
    const installed = install();
    expect(await push(installed, trade.tid_str)).toMatchObject({ ok: false, retryable: true, retryAfterMs: 21_000, error: { code: "flow_control" } });
    top.fault({ kind: "status", status: 429, retryAfterSeconds: 1 });
    expect(await push(installed, trade.tid_str)).toMatchObject({ ok: true, output: { alreadyShipped: false } });
    expect(waits).toEqual([1_000]);
    expect(top.shipments).toHaveLength(1);
  });

  it("reports a hang as a timeout and TOP's own back-end fault as retryable; the retry ships once", async () => {
    const trade = top.placeTrade();
    const installed = install();
    top.fault({ kind: "hang" });
    expect(await push(installed, trade.tid_str, { timeoutMs: 300 })).toMatchObject({ ok: false, retryable: true, error: { code: "timeout" } });
    top.fault({ kind: "isp_error" });
    expect(await push(installed, trade.tid_str)).toMatchObject({ ok: false, retryable: true, error: { code: "top_unavailable" } });
    expect(await push(installed, trade.tid_str)).toMatchObject({ ok: true });
    expect(top.shipments).toHaveLength(1);
  });

  it("stops at once on an unknown trade and on a wrong app secret, saying why", async () => {
    top.placeTrade();
    expect(await push(install(), "999")).toMatchObject({ ok: false, retryable: false, error: { code: "unknown_order", message: expect.stringContaining("999") } });
    const wrong = install({}, { appSecret: "not-the-secret" });
    expect(await push(wrong, [...top.trades.keys()][0]!)).toMatchObject({ ok: false, retryable: false, error: { code: "top_auth", message: expect.stringContaining("Invalid signature") } });
    expect(top.shipments).toHaveLength(0);
  });

  it("signs with HMAC-MD5 when the shop is set up so", async () => {
    const trade = top.placeTrade();
    expect(await push(install({}, { signMethod: "hmac" }), trade.tid_str)).toMatchObject({ ok: true });
    expect(new URLSearchParams(top.requests[0]!.body).get("sign_method")).toBe("hmac");
  });
});

describe("trade sync", () => {
  it("turns paid trades into orders once, a trade paid later into an order then, and a closed one into a cancellation", async () => {
    const installed = install();
    const poller = installed.pollers["poll_trades"]!;
    const paid = top.placeTrade();
    const unpaid = top.placeTrade({ status: "WAIT_BUYER_PAY", pay_time: undefined });
    let batch = await poller.poll();
    expect(orderNumbers(batch.events)).toEqual([paid.tid_str]);
    expect(batch.events.find((e) => e.kind === "ignored")).toMatchObject({ reason: expect.stringContaining("awaits payment") });
    await batch.commit();

    now = new Date(now.getTime() + 3 * 60_000);
    top.setStatus(unpaid.tid_str, "WAIT_SELLER_SEND_GOODS");
    top.setStatus(paid.tid_str, "TRADE_CLOSED");
    batch = await poller.poll();
    expect(orderNumbers(batch.events)).toEqual([unpaid.tid_str]);
    expect(batch.events.filter((e) => e.kind === "message")).toEqual([expect.objectContaining({ event: "order.cancelled", correlation: paid.tid_str })]);
    await batch.commit();

    batch = await poller.poll();
    expect(batch.events).toEqual([]);
  });

  it("pages from the last page back, through 5xx, duplicated and reversed listings, and hands each trade over once", async () => {
    for (let i = 0; i < 45; i++) top.placeTrade();
    top.fault({ kind: "status", status: 503 }, { kind: "reverse" }, { kind: "duplicate" });
    const batch = await install().pollers["poll_trades"]!.poll();
    expect(new Set(orderNumbers(batch.events))).toEqual(new Set(top.trades.keys()));
    expect(orderNumbers(batch.events)).toHaveLength(45);
    const pages = top.requests.filter((r) => r.query["method"] === "taobao.trades.sold.increment.get").map((r) => r.query["page_no"]);
    expect(pages).toEqual(["1", "1", "2", "1"]);
    // The page listed twice is read in full once per trade: 45 trades, 45 reads.
    expect(top.requests.filter((r) => r.query["method"] === "taobao.trade.fullinfo.get")).toHaveLength(45);
  });

  it("a trade TOP lists late is missed by the poll and backfilled by reconciliation, keyed as the poll would", async () => {
    const installed = install();
    const poller = installed.pollers["poll_trades"]!;
    await (await poller.poll()).commit();
    const late = top.placeTrade();
    late.modified = toBeijingTime(new Date(now.getTime() - 3 * 3_600_000));
    now = new Date(now.getTime() + 2 * 60_000);
    expect((await poller.poll()).events).toEqual([]);
    const reconciled = await poller.reconcile();
    expect(reconciled.events).toEqual([expect.objectContaining({ kind: "order", dedupeKey: `taobao:hz-tea:order:${late.tid_str}` })]);
  });

  it("a poll after a two-day outage asks TOP in day-long windows", async () => {
    const installed = install();
    const poller = installed.pollers["poll_trades"]!;
    await (await poller.poll()).commit();
    now = new Date(now.getTime() + 2 * 24 * 3_600_000);
    top.placeTrade();
    const batch = await poller.poll();
    expect(orderNumbers(batch.events)).toHaveLength(1);
    const windows = top.requests.filter((r) => r.query["method"] === "taobao.trades.sold.increment.get").slice(1).map((r) => [r.query["start_modified"], r.query["end_modified"]]);
    expect(windows).toEqual([
      ["2026-11-22 09:55:00", "2026-11-23 09:55:00"],
      ["2026-11-23 09:55:00", "2026-11-24 09:55:00"],
      ["2026-11-24 09:55:00", "2026-11-24 10:00:00"],
    ]);
  });
});
