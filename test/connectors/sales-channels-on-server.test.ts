/**
 * The Shopify and Douyin connectors installed in the real runtime server:
 * their webhook sources feed the server's ingress, their pollers feed order
 * intake under the same dedupe keys, and their shipments run through the
 * worker's connector runtime against their simulators.
 */
import { readFileSync } from "node:fs";
import { createMemoryStore, installConnector } from "@orderflow/connector-sdk";
import { douyin } from "@orderflow/connector-douyin";
import { startDouyinSimulator } from "@orderflow/connector-douyin/simulator";
import { shopify } from "@orderflow/connector-shopify";
import { startShopifySimulator } from "@orderflow/connector-shopify/simulator";
import { createConnectorRuntime, createFlowVersions, receiveOrder, receiveWebhook, WebhookRejected, type Execution, type InstalledConnector, type WebhookSource } from "@orderflow/runtime-server";
import type { Kysely } from "kysely";
import { describe, expect } from "vitest";
import { publishVersion } from "../../runtime-server/src/storage/flows";
import type { Database } from "../../runtime-server/src/storage/schema";
import { databaseCases, testWithDatabase } from "../../runtime-server/src/storage/testing";

const flow = JSON.parse(readFileSync(new URL("../../templates/order-fulfilment/flow.json", import.meta.url), "utf8"));
const webhookRejected = (status: 400 | 401 | 422, message: string) => new WebhookRejected(status, message);

describe.each(await databaseCases())("sales-channel connectors in the runtime server on %s", (dialect) => {
  const it = testWithDatabase(dialect);
  const executionOn = async (db: Kysely<Database>): Promise<Execution> => {
    await publishVersion(db, flow, { at: new Date(), by: null });
    return { db, flows: createFlowVersions(), clock: () => new Date() };
  };

  it("Shopify: an order delivered twice and listed again is taken once and starts its flow; its fulfillment is created once", async ({ db }) => {
    const execution = await executionOn(db);
    const store = await startShopifySimulator({ token: "shpat_server", webhookSecret: "server-secret" });
    try {
      const installed = installConnector(shopify, { settings: { shop: store.shop, adminUrl: store.adminUrl, webhookSecret: "server-secret", token: "shpat_server" }, store: createMemoryStore(), webhookRejected });
      const source: WebhookSource = installed.webhooks["order_events"]!;
      const order = store.placeOrder({ note: "放门口" });
      const delivery = store.orderWebhook(order, "orders/create");
      expect(await receiveWebhook(execution, source, delivery)).toMatchObject({ status: "accepted", httpStatus: 200 });
      expect(await receiveWebhook(execution, source, delivery)).toEqual({ status: "duplicate", httpStatus: 200 });
      const batch = await installed.pollers["reconcile_orders"]!.reconcile();
      expect(batch.events).toHaveLength(1);
      for (const event of batch.events) if (event.kind === "order") expect(await receiveOrder(execution, event.order)).toMatchObject({ status: "duplicate" });

      const stored = await db.selectFrom("orders").select(["channel", "shop", "platform_order_no", "total"]).execute();
      expect(stored).toEqual([{ channel: "shopify", shop: store.shop, platform_order_no: String(order.id), total: expect.anything() }]);
      expect(Number(stored[0]!.total)).toBe(256);
      const instances = await db.selectFrom("instances").select(["input"]).execute();
      expect(instances.map((i) => i.input)).toEqual([expect.objectContaining({ buyerNote: "放门口", paymentStatus: "paid", address: expect.objectContaining({ city: "Hangzhou" }) })]);

      store.fault({ kind: "lost_answer", on: "FulfillmentCreate" });
      const connector: InstalledConnector = installed;
      const runtime = createConnectorRuntime({ shopify: connector });
      const call = { connector: "shopify", action: "push_shipment", input: { platformOrderNo: String(order.id), courier: "SF Express", trackingNo: "SF1" }, idempotencyKey: "i1:ship", attempt: 1, timeoutMs: 10_000 };
      expect(await runtime.invoke(call)).toMatchObject({ ok: true, output: { accepted: true } });
      expect(await runtime.invoke({ ...call, attempt: 2 })).toMatchObject({ ok: true, output: { alreadyRecorded: true } });
      expect(store.fulfillments).toHaveLength(1);
    } finally {
      await store.close();
    }
  });

  it("Douyin: orders come in by polling, a redelivered push message is taken once, a batched push yields each message, and the order ships once", async ({ db }) => {
    const execution = await executionOn(db);
    const shop = await startDouyinSimulator({ appKey: "7301", appSecret: "server-secret", refreshToken: "refresh-1" });
    try {
      const installed = installConnector(douyin, { settings: { shop: shop.shopId, gatewayUrl: shop.url, clientId: "7301", clientSecret: "server-secret", refreshToken: "refresh-1" }, store: createMemoryStore(), webhookRejected });
      const order = shop.placeOrder();
      const batch = await installed.pollers["poll_orders"]!.poll();
      expect(await Promise.all(batch.events.map((e) => (e.kind === "order" ? receiveOrder(execution, e.order) : null)))).toMatchObject([{ status: "created" }]);
      await batch.commit();
      const stored = await db.selectFrom("orders").select(["channel", "platform_order_no"]).execute();
      expect(stored).toEqual([{ channel: "douyin", platform_order_no: order.order_id }]);

      const source: WebhookSource = installed.webhooks["order_messages"]!;
      const paid = shop.pushMessage("101", order);
      expect(await receiveWebhook(execution, source, paid)).toMatchObject({ status: "accepted", httpStatus: 200 });
      expect(await receiveWebhook(execution, source, shop.pushMessage("101", order))).toEqual({ status: "duplicate", httpStatus: 200 });

      // One push carrying several messages: each is taken in under its own key, and a redelivered batch changes nothing.
      const other = shop.placeOrder();
      const pushed = shop.pushBatch([{ tag: "101", order: other }, { tag: "106", order }]);
      expect(await receiveWebhook(execution, source, pushed)).toMatchObject({ status: "accepted", httpStatus: 200 });
      expect(await receiveWebhook(execution, source, pushed)).toEqual({ status: "duplicate", httpStatus: 200 });
      const kept = await db.selectFrom("inbound_events").select(["dedupe_key", "status"]).where("source", "=", "douyin").orderBy("id").execute();
      expect(kept.filter((row) => row.status === "accepted").map((row) => row.dedupe_key)).toEqual([
        `douyin:${shop.shopId}:order.paid:${order.order_id}`,
        `douyin:${shop.shopId}:order.paid:${other.order_id}`,
        `douyin:${shop.shopId}:order.cancelled:${order.order_id}`,
      ]);
      const published = await db.selectFrom("outbox").select("payload").where("type", "=", "publish").execute();
      expect(published.map((row) => (row.payload as { event: string; correlation: string }).event).sort()).toEqual(["order.cancelled", "order.paid", "order.paid"]);

      shop.fault({ kind: "lost_answer", on: "order.logisticsAdd" });
      const runtime = createConnectorRuntime({ douyin: installed as InstalledConnector });
      const call = { connector: "douyin", action: "push_shipment", input: { platformOrderNo: order.order_id, courier: "shunfeng", trackingNo: "SF1" }, idempotencyKey: "i1:ship", attempt: 1, timeoutMs: 10_000 };
      expect(await runtime.invoke(call)).toMatchObject({ ok: true, output: { accepted: true } });
      expect(shop.shipments).toHaveLength(1);
    } finally {
      await shop.close();
    }
  });
});
