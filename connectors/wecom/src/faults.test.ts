import { createMemoryStore, createRateBudgets, installConnector, type InstallOptions } from "@orderflow/connector-sdk";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startRobotSimulator, type RobotSimulator } from "../simulator/robot-simulator";
import { wecom } from "./connector";

const KEY = "693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa";
const DIRECTORY = [
  { role: "supervisor", warehouse: "HZ1", address: "13800000001" },
  { role: "supervisor", warehouse: "SH1", address: "13800000002" },
];
let robot: RobotSimulator;
let waits: number[];

beforeEach(async () => {
  robot = await startRobotSimulator({ webhookKey: KEY });
  waits = [];
});
afterEach(() => robot.close());

function install(settings: Record<string, unknown> = {}, overrides: Partial<InstallOptions> = {}) {
  return installConnector(wecom, {
    settings: { ...robot.settings(), directory: DIRECTORY, ...settings },
    store: createMemoryStore(),
    sleep: async (ms) => void waits.push(ms),
    random: () => 1,
    ...overrides,
  });
}

const lateOrder = { channel: "wecom", to: { role: "supervisor", warehouse: "HZ1" }, message: { zh: "订单 DB1001 已超时", en: "Order DB1001 is late" } };

describe("notifications to a WeCom group", () => {
  it("posts the flow's message in the installation's language, @-mentioning the audience by mobile", async () => {
    expect(await install().notify!(lateOrder, "inst-1:late:notify")).toEqual({ ok: true, output: null });
    expect(robot.messages()).toEqual([{ msgtype: "text", content: "订单 DB1001 已超时", mentionedMobiles: ["13800000001"], idempotencyKey: "inst-1:late:notify" }]);
    await install({ language: "en", messageFormat: "markdown" }).notify!(lateOrder, "k-2");
    expect(robot.messages()[1]).toEqual({ msgtype: "markdown", content: "Order DB1001 is late", mentionedMobiles: [], idempotencyKey: "k-2" });
  });

  it("gets through a 503 and a lost answer, and the group can tell the repeat by its key", async () => {
    robot.fault({ kind: "status", status: 503 }, { kind: "lost_answer" });
    expect(await install().notify!(lateOrder, "inst-1:late:notify")).toEqual({ ok: true, output: null });
    expect(robot.requests).toHaveLength(3);
    expect(robot.received.map((post) => post.idempotencyKey)).toEqual(["inst-1:late:notify", "inst-1:late:notify"]);
    expect(robot.messages()).toHaveLength(1);
  });

  it("hands WeCom's frequency limit (45009) and a long Retry-After to the worker, and the retry goes through once", async () => {
    robot.fault({ kind: "errcode", errcode: 45009, errmsg: "api freq out of limit" });
    expect(await install().notify!(lateOrder, "k-1")).toMatchObject({ ok: false, retryable: true, retryAfterMs: 60_000, error: { code: "rate_limited", message: expect.stringContaining("45009") } });
    robot.fault({ kind: "status", status: 429, retryAfterSeconds: 90 });
    expect(await install().notify!(lateOrder, "k-1")).toMatchObject({ ok: false, retryable: true, retryAfterMs: 90_000 });
    expect(await install().notify!(lateOrder, "k-1")).toMatchObject({ ok: true });
    expect(robot.messages()).toHaveLength(1);
  });

  it("keeps to 20 messages a minute itself: a flurry of 21 goes out in full, the later ones waiting their turn instead of being refused", async () => {
    let now = Date.parse("2026-11-22T01:00:00Z");
    const clock = () => new Date(now);
    const budgetWaits: number[] = [];
    const rateBudgets = createRateBudgets({ ...wecom.rateLimit!, clock, sleep: async (ms) => void (budgetWaits.push(ms), (now += ms)) });
    const limited = await startRobotSimulator({ webhookKey: KEY, clock });
    try {
      const installed = install({ apiBaseUrl: limited.url }, { rateBudgets, clock });
      for (let i = 0; i < 21; i++) expect(await installed.notify!(lateOrder, `k-${i}`)).toMatchObject({ ok: true });
      expect(budgetWaits).toHaveLength(11);
      expect(limited.messages()).toHaveLength(21);
    } finally {
      await limited.close();
    }
  });

  it("reports a hang as a timeout worth retrying, and retries a dropped connection", async () => {
    robot.fault({ kind: "hang" });
    const installed = install();
    const call = { connector: "wecom", action: "send_message", input: { text: "提醒", mentionedMobiles: ["@all"] }, idempotencyKey: "k-hang", attempt: 1 };
    expect(await installed.invoke({ ...call, timeoutMs: 300 })).toMatchObject({ ok: false, retryable: true, error: { code: "timeout" } });
    robot.fault({ kind: "drop" });
    expect(await installed.invoke({ ...call, timeoutMs: 10_000 })).toEqual({ ok: true, output: { sent: true, mentioned: ["@all"] } });
    expect(robot.messages()).toEqual([expect.objectContaining({ mentionedMobiles: ["@all"], idempotencyKey: "k-hang" })]);
  });

  it("stops at once, saying what to fix, on a wrong key or a message WeCom cannot take", async () => {
    expect(await install({ webhookKey: "wrong" }).notify!(lateOrder, "k-1")).toMatchObject({ ok: false, retryable: false, error: { code: "invalid_key", message: expect.stringContaining("webhook key") } });
    const long = { ...lateOrder, message: { zh: "超".repeat(700) } };
    expect(await install().notify!(long, "k-2")).toMatchObject({ ok: false, retryable: false, error: { code: "message_too_long", message: expect.stringContaining("2100 bytes") } });
    expect(robot.received).toEqual([]);
  });
});
