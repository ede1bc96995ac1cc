import { createMemoryStore, installConnector } from "@orderflow/connector-sdk";
import { startServer, WebhookRejected } from "@orderflow/runtime-server";
import { startMiniShopSimulator } from "./simulator/mini-shop-simulator";
import { miniShop } from "./src/index";

const shop = await startMiniShopSimulator({ token: "t", webhookSecret: "w" });
shop.placeOrder();
const installed = installConnector(miniShop, {
  settings: { shop: "mini-1", apiUrl: shop.url, webhookSecret: "w", token: "t" },
  store: createMemoryStore(),
  webhookRejected: (status, message) => new WebhookRejected(status, message),
});
const source = installed.webhooks.orders!;
const server = await startServer({
  database: { dataDir: process.argv[2]! },
  port: 3199,
  demo: false,
  connectors: { mini_shop: installed },
  webhookSources: { [source.id]: source },
});
console.log("WEBHOOK", `${server.url}/webhooks/${source.id}`);
console.log("DELIVERY", JSON.stringify(shop.orderWebhook(shop.orders[0]!)));
setInterval(() => console.log("SHIPMENTS", JSON.stringify(shop.shipments)), 3000);
