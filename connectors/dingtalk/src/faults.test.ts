import { createMemoryStore, installConnector, type InstallOptions } from "@orderflow/connector-sdk";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startRobotSimulator, type RobotSimulator } from "../simulator/robot-simulator";
import { dingtalk } from "./connector";

const TOKEN = "robot-access-token";
const SIGN_SECRET = "SECsigning-secret-for-tests";
const DIRECTORY = [
  { role: "supervisor", warehouse: "HZ1", address: "13800000001" },
  { role: "supervisor", warehouse: "SH1", address: "13800000002" },
  { role: "picker", warehouse: "HZ1", address: "13800000003" },
];
let robot: RobotSimulator;
let waits: number[];

beforeEach(async () => {
  robot = await startRobotSimulator({ accessToken: TOKEN, signSecret: SIGN_SECRET });
  waits = [];
});
afterEach(() => robot.close());

function install(settings: Record<string, unknown> = {}, overrides: Partial<InstallOptions> = {}) {
  return installConnector(dingtalk, {
    settings: { ...robot.settings(), directory: DIRECTORY, ...settings },
    store: createMemoryStore(),
    sleep: async (ms) => void waits.push(ms),
    random: () => 1,
    ...overrides,
  });
}

const lateOrder = { channel: "dingtalk", to: { role: "supervisor", warehouse: "HZ1" }, message: { zh: "订单 DB1001 已超时", en: "Order DB1001 is late" } };

describe("notifications to a DingTalk group", () => {
  it("posts the flow's message, signed, in the installation's language, @-mentioning the audience found in the directory", async () => {
    expect(await install().notify!(lateOrder, "inst-1:late:notify")).toEqual({ ok: true, output: null });
    expect(robot.messages()).toEqual([{ msgtype: "text", text: "订单 DB1001 已超时", atMobiles: ["13800000001"], isAtAll: false, idempotencyKey: "inst-1:late:notify" }]);

    await install({ language: "en", messageFormat: "markdown" }).notify!({ ...lateOrder, to: { role: "supervisor" } }, "inst-1:late:notify-2");
    expect(robot.messages()[1]).toMatchObject({ msgtype: "markdown", title: "Order DB1001 is late", text: "Order DB1001 is late\n\n@13800000001 @13800000002", atMobiles: ["13800000001", "13800000002"] });
  });

  it("still posts to the group, mentioning nobody, when the directory knows no one in the audience", async () => {
    expect(await install().notify!({ ...lateOrder, to: { role: "finance" } }, "k-1")).toMatchObject({ ok: true });
    expect(robot.messages()).toEqual([expect.objectContaining({ atMobiles: [] })]);
  });

  it("gets through a 502 and a lost answer, and the group can tell the repeat by its key", async () => {
    robot.fault({ kind: "status", status: 502 }, { kind: "lost_answer" });
    expect(await install().notify!(lateOrder, "inst-1:late:notify")).toEqual({ ok: true, output: null });
    expect(robot.requests).toHaveLength(3);
    expect(robot.received.map((post) => post.idempotencyKey)).toEqual(["inst-1:late:notify", "inst-1:late:notify"]);
    expect(robot.messages()).toHaveLength(1);
  });

  it("waits out a short Retry-After, and hands a long one, or DingTalk's 'too fast', to the worker", async () => {
    robot.fault({ kind: "status", status: 429, retryAfterSeconds: 1 });
    expect(await install().notify!(lateOrder, "k-1")).toMatchObject({ ok: true });
    expect(waits).toEqual([1_000]);

    robot.fault({ kind: "status", status: 429, retryAfterSeconds: 120 });
    expect(await install().notify!(lateOrder, "k-2")).toMatchObject({ ok: false, retryable: true, retryAfterMs: 120_000, error: { code: "http_429" } });
    robot.fault({ kind: "errcode", errcode: 130101, errmsg: "send too fast, exceed 20 times per minute" });
    expect(await install().notify!(lateOrder, "k-2")).toMatchObject({ ok: false, retryable: true, retryAfterMs: 60_000, error: { code: "rate_limited", message: expect.stringContaining("130101") } });
    expect(await install().notify!(lateOrder, "k-2")).toMatchObject({ ok: true });
    expect(robot.messages().map((post) => post.idempotencyKey)).toEqual(["k-1", "k-2"]);
  });

  it("reports a robot that hangs past the call's time as a timeout worth retrying", async () => {
    robot.fault({ kind: "hang" });
    const installed = install();
    const call = { connector: "dingtalk", action: "send_message", input: { text: "提醒" }, idempotencyKey: "k-hang", attempt: 1 };
    expect(await installed.invoke({ ...call, timeoutMs: 300 })).toMatchObject({ ok: false, retryable: true, error: { code: "timeout" } });
    expect(await installed.invoke({ ...call, timeoutMs: 10_000 })).toEqual({ ok: true, output: { sent: true, mentioned: [] } });
    expect(robot.messages()).toHaveLength(1);
  });

  it("retries a dropped connection", async () => {
    robot.fault({ kind: "drop" });
    expect(await install().notify!(lateOrder, "k-1")).toMatchObject({ ok: true });
    expect(robot.requests).toHaveLength(2);
    expect(robot.messages()).toHaveLength(1);
  });

  it("stops at once, saying what to fix, on a wrong signing secret, a wrong token or a message with no text", async () => {
    expect(await install({ signSecret: "SECnot-the-secret" }).notify!(lateOrder, "k-1")).toMatchObject({ ok: false, retryable: false, error: { code: "security_check_failed", message: expect.stringContaining("signing secret") } });
    expect(await install({ accessToken: "nope" }).notify!(lateOrder, "k-2")).toMatchObject({ ok: false, retryable: false, error: { code: "invalid_token" } });
    expect(await install().notify!({ ...lateOrder, message: {} }, "k-3")).toMatchObject({ ok: false, retryable: false, error: { code: "empty_message", message: expect.stringContaining("notify.message") } });
    expect(robot.received).toEqual([]);
  });
});
