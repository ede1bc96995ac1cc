import { createMemoryStore, installConnector } from "@orderflow/connector-sdk";
import { afterEach, beforeEach, expect, it } from "vitest";
import { startMiniShopSimulator } from "../simulator/mini-shop-simulator";
import { miniShop } from "./connector";

let shop: Awaited<ReturnType<typeof startMiniShopSimulator>>;
beforeEach(async () => void (shop = await startMiniShopSimulator({ token: "t", webhookSecret: "w" })));
afterEach(() => shop.close());

const install = () => installConnector(miniShop, { settings: { shop: "mini-1", apiUrl: shop.url, webhookSecret: "w", token: "t" }, store: createMemoryStore(), sleep: async () => {} });
const push = (installed: ReturnType<typeof install>, orderNo: string) =>
  installed.invoke({ connector: "mini_shop", action: "mark_shipped", input: { orderNo, trackingNo: "SF1" }, idempotencyKey: "k1", attempt: 1, timeoutMs: 10_000 });

it("records a shipment once despite a 502 and a lost answer", async () => {
  const order = shop.placeOrder();
  shop.fault({ kind: "status", status: 502 }, { kind: "lost_answer" });
  expect(await push(install(), order.no)).toEqual({ ok: true, output: { shipmentId: "s1" } });
  expect(shop.shipments).toHaveLength(1);
});

it("reads a redelivered order to the same dedupe key", () => {
  const source = install().webhooks["orders"]!;
  const order = shop.placeOrder();
  expect(source.read(shop.orderWebhook(order)).dedupeKey).toBe(source.read(shop.orderWebhook(order)).dedupeKey);
});
