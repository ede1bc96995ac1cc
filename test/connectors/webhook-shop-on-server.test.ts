/**
 * An SDK connector installed in the real runtime server: the webhook shop's
 * source feeds the server's webhook ingress and order intake, its poller's
 * reconciliation feeds intake too, and its actions run through the worker's
 * connector runtime. The assignments to the server's types are the
 * compile-time check that the SDK's host shapes match the server's.
 */
import { readFileSync } from "node:fs";
import { createMemoryStore, installConnector } from "@orderflow/connector-sdk";
import { startShopSimulator } from "@orderflow/connector-webhook-shop/simulator";
import { webhookShop } from "@orderflow/connector-webhook-shop";
import { createConnectorRuntime, createFlowVersions, receiveOrder, receiveWebhook, WebhookRejected, type Execution, type InstalledConnector, type WebhookSource } from "@orderflow/runtime-server";
import type { Kysely } from "kysely";
import { describe, expect } from "vitest";
import { publishVersion } from "../../runtime-server/src/storage/flows";
import type { Database } from "../../runtime-server/src/storage/schema";
import { databaseCases, testWithDatabase } from "../../runtime-server/src/storage/testing";

const flow = JSON.parse(readFileSync(new URL("../../templates/order-fulfilment/flow.json", import.meta.url), "utf8"));
const SECRET = "server-test-secret";

describe.each(await databaseCases())("the webhook shop connector in the runtime server on %s", (dialect) => {
  const it = testWithDatabase(dialect);
  const executionOn = (db: Kysely<Database>): Execution => ({ db, flows: createFlowVersions(), clock: () => new Date() });

  async function setUp(db: Kysely<Database>) {
    await publishVersion(db, flow, { at: new Date(), by: null });
    const shop = await startShopSimulator({ secret: SECRET, pageSize: 2 });
    const installed = installConnector(webhookShop, {
      settings: { shop: "hz-site", shipmentUrl: shop.shipmentUrl, ordersUrl: shop.ordersUrl, secret: SECRET },
      store: createMemoryStore(),
      webhookRejected: (status, message) => new WebhookRejected(status, message),
    });
    const source: WebhookSource = installed.webhooks["order_events"]!;
    const connector: InstalledConnector = installed;
    return { shop, installed, source, connector, execution: executionOn(db) };
  }

  it("takes an order once however often the shop delivers it, and starts its flow with the canonical order", async ({ db }) => {
    const { shop, source, execution } = await setUp(db);
    try {
      const order = shop.placeOrder({ number: "WS-1", note: "放门口" });
      expect(await receiveWebhook(execution, source, shop.orderWebhook(order))).toMatchObject({ status: "accepted", httpStatus: 200 });
      expect(await receiveWebhook(execution, source, shop.orderWebhook(order))).toEqual({ status: "duplicate", httpStatus: 200 });
      const tampered = shop.orderWebhook(order);
      expect(await receiveWebhook(execution, source, { ...tampered, body: tampered.body.replace("256.00", "1.00") })).toMatchObject({ status: "rejected", httpStatus: 401 });

      const stored = await db.selectFrom("orders").select(["channel", "shop", "platform_order_no", "buyer_name", "total", "raw"]).execute();
      expect(stored).toHaveLength(1);
      expect(stored[0]).toMatchObject({ channel: "webhook_shop", shop: "hz-site", platform_order_no: "WS-1", buyer_name: "李四" });
      expect(Number(stored[0]!.total)).toBe(256);
      expect(stored[0]!.raw).toMatchObject({ event: "order.created", order: { number: "WS-1" } });
      const instances = await db.selectFrom("instances").select(["flow_id", "input"]).execute();
      expect(instances).toHaveLength(1);
      expect(instances[0]!.input).toMatchObject({ paymentStatus: "paid", buyerNote: "放门口", address: { city: "杭州市", detail: "文三路 90 号" }, lines: [{ sku: "TEA-LJ-250", unitPrice: "128.00" }] });
    } finally {
      await shop.close();
    }
  });

  it("backfills by reconciliation the order a lost webhook left out, and only that one", async ({ db }) => {
    const { shop, installed, source, execution } = await setUp(db);
    try {
      const orders = [shop.placeOrder(), shop.placeOrder(), shop.placeOrder()];
      for (const order of [orders[0]!, orders[2]!]) await receiveWebhook(execution, source, shop.orderWebhook(order));
      const batch = await installed.pollers["reconcile_orders"]!.reconcile();
      const receipts = [];
      for (const event of batch.events) if (event.kind === "order") receipts.push(await receiveOrder(execution, event.order));
      await batch.commit();
      expect(receipts.map((r) => r.status).sort()).toEqual(["created", "duplicate", "duplicate"]);
      const numbers = (await db.selectFrom("orders").select("platform_order_no").execute()).map((o) => o.platform_order_no).sort();
      expect(numbers).toEqual(orders.map((o) => o.number).sort());
    } finally {
      await shop.close();
    }
  });

  it("pushes a shipment through the worker's connector runtime", async ({ db }) => {
    const { shop, connector } = await setUp(db);
    try {
      const order = shop.placeOrder();
      shop.fault({ kind: "lost_answer" });
      const runtime = createConnectorRuntime({ webhook_shop: connector });
      const call = { connector: "webhook_shop", action: "push_shipment", input: { platformOrderNo: order.number, courier: "SF", trackingNo: "SF1" }, idempotencyKey: "i1:ship", attempt: 1, timeoutMs: 10_000 };
      expect(await runtime.invoke(call)).toEqual({ ok: true, output: { accepted: true, shipmentId: "shp_1" } });
      expect(shop.shipments).toHaveLength(1);
    } finally {
      await shop.close();
    }
  });
});
