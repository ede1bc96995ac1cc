/**
 * SF Express installed in the real runtime server: a flow's create_waybill
 * step runs through the worker against the SF simulator (losing an answer on
 * the way, without a second waybill), and SF's route push, taken by the
 * server's webhook ingress, releases the flow waiting on `parcel.delivered`
 * for that waybill, once however often SF pushes it.
 */
import { createMemoryStore, installConnector } from "@orderflow/connector-sdk";
import { sfExpress } from "@orderflow/connector-sf-express";
import { startSfSimulator } from "@orderflow/connector-sf-express/simulator";
import { createConnectorRuntime, createFlowVersions, createWorker, receiveWebhook, startFlow, WebhookRejected, type Execution, type WebhookSource } from "@orderflow/runtime-server";
import { describe, expect } from "vitest";
import { publishVersion } from "../../runtime-server/src/storage/flows";
import { databaseCases, testWithDatabase } from "../../runtime-server/src/storage/testing";

const flow = {
  id: "ship_by_sf",
  name: { zh: "顺丰发货", en: "Ship by SF" },
  schemaVersion: 1,
  trigger: { type: "manual" },
  nodes: [
    { id: "start", kind: "start" },
    {
      id: "waybill",
      kind: "action",
      connector: "sf_express",
      action: "create_waybill",
      input: { orderNo: { var: "input.orderNo" }, weightKg: { var: "input.weightKg" }, recipient: { var: "input.recipient" }, address: { var: "input.address" }, speed: { var: "input.speed" } },
      retry: { maxAttempts: 5 },
    },
    { id: "await_delivery", kind: "wait", until: { type: "event", event: "parcel.delivered", correlation: { var: "steps.waybill.output.trackingNo" }, timeout: "P15D" } },
    { id: "done", kind: "end", status: "completed" },
    { id: "lost", kind: "end", status: "failed" },
  ],
  edges: [
    { id: "e1", from: "start", outcome: "success", to: "waybill" },
    { id: "e2", from: "waybill", outcome: "success", to: "await_delivery" },
    { id: "e3", from: "await_delivery", outcome: "success", to: "done" },
    { id: "e4", from: "await_delivery", outcome: "timeout", to: "lost" },
  ],
};

const input = {
  orderNo: "WS-1001",
  weightKg: 1.2,
  recipient: { name: "李四", phone: "13900001111" },
  address: { province: "浙江省", city: "杭州市", district: "西湖区", detail: "文三路 90 号" },
  speed: "standard",
};

describe.each(await databaseCases())("SF Express in the runtime server on %s", (dialect) => {
  const it = testWithDatabase(dialect);

  it("creates one waybill despite a lost answer, and completes the flow when SF pushes the delivery", async ({ db }) => {
    await publishVersion(db, flow, { at: new Date(), by: null });
    const sf = await startSfSimulator({ partnerId: "OF", checkword: "cw" });
    try {
      const installed = installConnector(sfExpress, {
        settings: { baseUrl: sf.url, monthlyCard: "7551234567", partnerId: "OF", checkword: "cw", sender: { name: "杭州仓", phone: "0571-88880000", province: "浙江省", city: "杭州市", detail: "仓前街道 1 号" } },
        store: createMemoryStore(),
        sleep: async () => {},
        webhookRejected: (status, message) => new WebhookRejected(status, message),
      });
      const source: WebhookSource = installed.webhooks["route_push"]!;
      const execution: Execution = { db, flows: createFlowVersions(), clock: () => new Date() };
      const worker = createWorker({ execution, connectors: createConnectorRuntime({ sf_express: installed }), owner: "w1", random: () => 0.5 });
      const drain = async () => {
        while ((await worker.runOnce()) > 0);
      };

      const { instanceId } = await startFlow(execution, { flowId: "ship_by_sf", input });
      sf.fault({ kind: "lost_answer" });
      await drain();
      const waiting = await db.selectFrom("instances").select(["status", "waiting_at"]).where("id", "=", instanceId).executeTakeFirstOrThrow();
      expect(waiting).toEqual({ status: "running", waiting_at: ["await_delivery"] });
      expect(sf.orders).toHaveLength(1);
      const { waybillNo } = sf.orders[0]!;

      sf.addRoute(waybillNo, "50", "2026-11-22 16:05:00", "已收取快件");
      const delivered = sf.addRoute(waybillNo, "80", "2026-11-23 10:00:00", "已签收");
      expect(await receiveWebhook(execution, source, sf.routePush([delivered]))).toMatchObject({ status: "accepted", httpStatus: 200 });
      expect(await receiveWebhook(execution, source, sf.routePush([delivered]))).toEqual({ status: "duplicate", httpStatus: 200 });
      await drain();

      const finished = await db.selectFrom("instances").select(["status"]).where("id", "=", instanceId).executeTakeFirstOrThrow();
      expect(finished.status).toBe("completed");
    } finally {
      await sf.close();
    }
  });
});
