/**
 * The webhook shop installed into a running runtime server, with its
 * simulator standing in for the shop's site: the host script of the guide's
 * section 11 (connectors/README.md). A host, not part of the connector:
 * nothing in src/ imports it.
 *
 *   npx tsx connectors/webhook-shop/serve.ts [data folder, default .orderflow/guide]
 *
 * It prints the first admin's setup code as `npm start` does; press Enter to
 * place an order in the simulated shop and deliver its webhook.
 */
import { pathToFileURL } from "node:url";
import { createMemoryStore, installConnector } from "@orderflow/connector-sdk";
import { startServer, WebhookRejected, type ServerConfig } from "@orderflow/runtime-server";
import { startShopSimulator } from "./simulator/shop-simulator";
import { webhookShop } from "./src/connector";

const SECRET = "guide-shared-secret";

export interface SimulatedHostOptions {
  dataDir: string;
  /** 0 takes a free port. */
  port: number;
  announce?: ServerConfig["announce"];
  log?: ServerConfig["log"];
}

export async function serveWithSimulator({ dataDir, port, ...quiet }: SimulatedHostOptions) {
  const shop = await startShopSimulator({ secret: SECRET });
  const installed = installConnector(webhookShop, {
    settings: { shop: "hz-site", shipmentUrl: shop.shipmentUrl, ordersUrl: shop.ordersUrl, secret: SECRET },
    store: createMemoryStore(),
    webhookRejected: (status, message) => new WebhookRejected(status, message),
  });
  const source = installed.webhooks["order_events"]!;
  const server = await startServer({
    database: { dataDir },
    port,
    demo: false,
    connectors: { webhook_shop: installed },
    webhookSources: { [source.id]: source },
    pollSources: Object.values(installed.pollers).map((poller) => ({ id: installed.id, poller })),
    ...quiet,
  });

  /** Places an order in the simulated shop and delivers its webhook twice, as a shop retrying a delivery would. */
  async function deliverOrder() {
    const order = shop.placeOrder();
    const statuses = await shop.deliver(`${server.url}/webhooks/${source.id}`, shop.orderWebhook(order), { times: 2 });
    return { order, statuses };
  }

  return {
    server,
    shop,
    deliverOrder,
    async stop() {
      await server.stop();
      await shop.close();
    },
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const host = await serveWithSimulator({ dataDir: process.argv[2] ?? ".orderflow/guide", port: Number(process.env.PORT ?? 3000) });
  process.stdout.write(`The simulated shop is at ${host.shop.url}. Press Enter to place an order and deliver its webhook to ${host.server.url}/webhooks/webhook_shop.\n`);
  process.stdin.on("data", () => {
    host.deliverOrder().then(
      ({ order, statuses }) => process.stdout.write(`order ${order.number} delivered twice: answered ${statuses.join(", ")}\n`),
      (error: unknown) => process.stdout.write(`the delivery failed: ${String(error)}\n`),
    );
  });
  let shown = 0;
  setInterval(() => {
    for (const shipment of host.shop.shipments.slice(shown)) {
      process.stdout.write(`the shop recorded shipment ${shipment.id} for order ${shipment.orderNumber}: ${shipment.courier} ${shipment.trackingNumber}\n`);
    }
    shown = host.shop.shipments.length;
  }, 250).unref();
  process.once("SIGINT", () => void host.stop().then(() => process.exit(0)));
}
