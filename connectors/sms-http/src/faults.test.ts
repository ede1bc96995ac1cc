import { createMemoryStore, createRateBudgets, installConnector, type InstallOptions } from "@orderflow/connector-sdk";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startSmsProviderSimulator, type SmsProviderSimulator } from "../simulator/sms-provider-simulator";
import { smsHttp } from "./connector";

const DIRECTORY = [
  { role: "supervisor", warehouse: "HZ1", address: "13800000001" },
  { role: "supervisor", warehouse: "HZ1", address: "13800000002" },
  { role: "picker", address: "13800000003" },
];
let provider: SmsProviderSimulator;
let waits: number[];

beforeEach(async () => {
  provider = await startSmsProviderSimulator({ apiKey: "api-key-for-tests", signingSecret: "signing-secret-for-tests" });
  waits = [];
});
afterEach(() => provider.close());

function install(settings: Record<string, unknown> = {}, overrides: Partial<InstallOptions> = {}) {
  return installConnector(smsHttp, {
    settings: { ...provider.settings(), directory: DIRECTORY, ...settings },
    store: createMemoryStore(),
    sleep: async (ms) => void waits.push(ms),
    random: () => 1,
    ...overrides,
  });
}

const lateOrder = { channel: "sms_http", to: { role: "supervisor", warehouse: "HZ1" }, message: { zh: "订单 DB1001 已超时", en: "Order DB1001 is late" } };

describe("SMS through a misbehaving provider", () => {
  it("texts each phone of the audience, signed, each under its own key; a buyer's phone as the user is texted directly", async () => {
    expect(await install().notify!(lateOrder, "inst-1:late:notify")).toEqual({ ok: true, output: null });
    expect(provider.messages).toEqual([
      { messageId: "sms_1", to: "13800000001", content: "订单 DB1001 已超时", requestId: "inst-1:late:notify:13800000001" },
      { messageId: "sms_2", to: "13800000002", content: "订单 DB1001 已超时", requestId: "inst-1:late:notify:13800000002" },
    ]);
    await install({ language: "en" }).notify!({ ...lateOrder, to: { user: "13900001111" } }, "k-buyer");
    expect(provider.messages[2]).toMatchObject({ to: "13900001111", content: "Order DB1001 is late" });
  });

  it("gets through a 502 and a lost answer: the provider sees the repeated request id and texts once", async () => {
    provider.fault({ kind: "status", status: 502 }, { kind: "lost_answer" });
    expect(await install().notify!(lateOrder, "k-1")).toEqual({ ok: true, output: null });
    expect(provider.messages.map((m) => m.to)).toEqual(["13800000001", "13800000002"]);
    expect(provider.repeats()).toBe(1);
  });

  it("after failing half-way (a long Retry-After on the second phone), the worker's retry texts only the phone still owed", async () => {
    provider.fault({ kind: "lost_answer" }, { kind: "status", status: 429, retryAfterSeconds: 120 });
    const installed = install();
    expect(await installed.notify!(lateOrder, "k-1")).toMatchObject({ ok: false, retryable: true, retryAfterMs: 120_000, error: { code: "http_429" } });
    expect(await installed.notify!(lateOrder, "k-1")).toMatchObject({ ok: true });
    expect(provider.messages.map((m) => m.to)).toEqual(["13800000001", "13800000002"]);
  });

  it("hands the provider's try-later result to the worker", async () => {
    provider.fault({ kind: "result", code: "RATE_LIMITED" });
    expect(await install().notify!(lateOrder, "k-1")).toMatchObject({ ok: false, retryable: true, retryAfterMs: 60_000, error: { code: "provider_busy", message: expect.stringContaining("RATE_LIMITED") } });
    expect(provider.messages).toEqual([]);
  });

  it("reports a hang as a timeout worth retrying, and retries a dropped connection", async () => {
    provider.fault({ kind: "hang" });
    const installed = install();
    const call = { connector: "sms_http", action: "send_sms", input: { phone: "13900001111", text: "您的订单已发货" }, idempotencyKey: "k-ship", attempt: 1 };
    expect(await installed.invoke({ ...call, timeoutMs: 300 })).toMatchObject({ ok: false, retryable: true, error: { code: "timeout" } });
    provider.fault({ kind: "drop" });
    expect(await installed.invoke({ ...call, timeoutMs: 10_000 })).toEqual({ ok: true, output: { sent: true, messageId: "sms_1" } });
    expect(provider.messages).toHaveLength(1);
  });

  it("shares one rate budget among the installations of one provider, and not with another provider", async () => {
    let now = Date.parse("2026-11-22T01:00:00Z");
    const clock = () => new Date(now);
    const budgetWaits: number[] = [];
    const rateBudgets = createRateBudgets({ ...smsHttp.rateLimit!, clock, sleep: async (ms) => void (budgetWaits.push(ms), (now += ms)) });
    const shared = { rateBudgets, clock };
    await provider.close();
    provider = await startSmsProviderSimulator({ apiKey: "api-key-for-tests", signingSecret: "signing-secret-for-tests", perSecond: 100, clock });
    const hangzhou = install({}, { ...shared, installationId: "sms-hz" });
    const shanghai = install({}, { ...shared, installationId: "sms-sh" });
    const text = (installed: typeof hangzhou, i: number) => installed.invoke({ connector: "sms_http", action: "send_sms", input: { phone: "13900001111", text: "已发货" }, idempotencyKey: `k-${i}`, attempt: 1, timeoutMs: 10_000 });
    for (let i = 0; i < 10; i++) await text(i % 2 === 0 ? hangzhou : shanghai, i);
    expect(budgetWaits).toEqual([]);
    await text(shanghai, 10);
    expect(budgetWaits).toHaveLength(1);
    await text(install({ provider: "other-provider" }, { ...shared, installationId: "sms-other" }), 11);
    expect(budgetWaits).toHaveLength(1);
    expect(provider.messages).toHaveLength(12);
  });

  it("stops at once, saying what to fix: nobody to text, a wrong signing secret, a template mistake", async () => {
    expect(await install().notify!({ ...lateOrder, to: { role: "finance" } }, "k-1")).toMatchObject({ ok: false, retryable: false, error: { code: "no_recipient", message: expect.stringContaining("role finance") } });
    expect(await install({ signingSecret: "wrong" }).notify!(lateOrder, "k-2")).toMatchObject({ ok: false, retryable: false, error: { code: "provider_refused", message: expect.stringContaining("BAD_SIGNATURE") } });
    expect(await install({ bodyTemplate: '{"to":"{{phone}}","content":"{{message}}"}' }).notify!(lateOrder, "k-3")).toMatchObject({
      ok: false,
      retryable: false,
      error: { code: "invalid_settings", message: expect.stringContaining("settings.bodyTemplate uses {{message}}") },
    });
    expect(await install({ bodyTemplate: '{"to":{{phone}}}' }).notify!({ ...lateOrder, to: { user: "+85291234567" } }, "k-4")).toMatchObject({
      ok: false,
      error: { code: "invalid_settings", message: expect.stringContaining("put each placeholder inside quotes") },
    });
    expect(provider.messages).toEqual([]);
  });
});
