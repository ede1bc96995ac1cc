/**
 * The notification connectors installed in the real runtime server: a flow's
 * escalation and alert become `notify` rows in the outbox, the worker hands
 * them to the installed connectors through the server's connector runtime
 * (the flow's channel, or the default one), and the simulators on the far
 * side receive each notification once, under the row's idempotency key. The
 * assignments to the server's types are the compile-time check that the
 * SDK's `notify` matches the server's.
 */
import { readFileSync } from "node:fs";
import { createMemoryStore, installConnector } from "@orderflow/connector-sdk";
import { dingtalk } from "@orderflow/connector-dingtalk";
import { startRobotSimulator } from "@orderflow/connector-dingtalk/simulator";
import { email } from "@orderflow/connector-email";
import { startSmtpTestServer, TEST_TLS } from "@orderflow/connector-email/simulator";
import { createConnectorRuntime, createFlowVersions, createWorker, startFlow, type ConnectorRuntime, type Execution, type InstalledConnector } from "@orderflow/runtime-server";
import { describe, expect } from "vitest";
import { publishVersion } from "../../runtime-server/src/storage/flows";
import { databaseCases, testWithDatabase } from "../../runtime-server/src/storage/testing";

const template = (name: string) => JSON.parse(readFileSync(new URL(`../../templates/order-fulfilment/${name}`, import.meta.url), "utf8"));
const SUPERVISORS = [{ role: "supervisor", address: "13800000001" }];

describe.each(await databaseCases())("notification connectors in the runtime server on %s", (dialect) => {
  const it = testWithDatabase(dialect);

  it("delivers the pick escalation to DingTalk and the untouched-order alert by e-mail (the default channel), each once despite a refusal", async ({ db }) => {
    const robot = await startRobotSimulator({ accessToken: "robot-token", signSecret: "SECrobot" });
    const smtp = await startSmtpTestServer({ users: { orders: "pw" }, tls: TEST_TLS });
    try {
      let now = new Date("2026-11-22T09:00:00+08:00");
      const clock = () => now;
      const installed: Record<string, InstalledConnector> = {
        dingtalk: installConnector(dingtalk, { settings: { ...robot.settings(), directory: SUPERVISORS }, store: createMemoryStore(), clock: () => new Date() }),
        email: installConnector(email, {
          settings: { ...smtp.settings(), from: "orders@shop.example.com", directory: [{ role: "supervisor", address: "lead@shop.example.com" }] },
          store: createMemoryStore(),
          clock,
        }),
      };
      const notifications = createConnectorRuntime(installed, "email");
      const connectors: ConnectorRuntime = {
        // The flow's other steps answer at once: reserve, so that the order waits at the pick task.
        invoke: async (call) => (call.action === "reserve" ? { ok: true, output: { reservationId: "R1", warehouse: "SH-01" } } : { ok: true, output: {} }),
        notify: (notification, key) => notifications.notify(notification, key),
      };
      await publishVersion(db, template("flow.json"), { at: now, by: null });
      const execution: Execution = { db, flows: createFlowVersions(), clock };
      const worker = createWorker({ execution, connectors, owner: "w1", random: () => 0.5 });
      const drain = async () => {
        while ((await worker.runOnce()) > 0);
      };

      const order = template("events.json").input;
      await startFlow(execution, { flowId: "order_fulfilment", input: order });
      await drain();
      robot.fault({ kind: "errcode", errcode: 130101, errmsg: "send too fast" });
      now = new Date(now.getTime() + 2 * 3_600_000 + 60_000);
      await drain();
      const notifyRows = () => db.selectFrom("outbox").select(["key", "status", "attempts", "payload"]).where("type", "=", "notify").orderBy("id").execute();
      const refused = () => notifyRows().then((rows) => rows.find((row) => (row.payload as { channel: string | null }).channel === "dingtalk")!);
      expect(await refused()).toMatchObject({ status: "pending", attempts: 1 });
      // DingTalk's 130101 asks for a minute: the worker does not ask again after its own 5 s.
      now = new Date(now.getTime() + 30_000);
      await drain();
      expect(await refused()).toMatchObject({ status: "pending", attempts: 1 });

      now = new Date(now.getTime() + 10 * 60_000);
      await drain();
      const rows = await notifyRows();
      expect(rows.length).toBeGreaterThanOrEqual(2);
      expect(rows.every((row) => row.status === "done")).toBe(true);

      const robotRow = rows.find((row) => (row.payload as { channel: string | null }).channel === "dingtalk")!;
      // The robot refused the first attempt ("too fast"); the worker's retry went through, once.
      expect(robotRow.attempts).toBe(2);
      expect(robot.messages()).toEqual([expect.objectContaining({ text: `订单 ${order.orderNo} 拣货超时，请处理`, atMobiles: ["13800000001"], idempotencyKey: robotRow.key })]);
      expect(smtp.delivered()).toEqual([expect.objectContaining({ to: ["lead@shop.example.com"], subject: `[orderflow] 订单 ${order.orderNo} 超过2小时未发货` })]);
    } finally {
      await robot.close();
      await smtp.close();
    }
  });
});
