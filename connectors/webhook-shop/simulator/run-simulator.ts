/**
 * The simulated shop as a process of its own, standing in for the shop's web
 * site while an integrator tries the connector in a running server (the
 * guide's section 11, connectors/README.md). It listens at a known port, so
 * the installation's settings can name its URLs; each press of Enter places
 * an order and delivers its signed webhook twice (as a shop retrying a
 * delivery would); every shipment the server pushes is printed.
 *
 *   npx tsx connectors/webhook-shop/simulator/run-simulator.ts --secret <shared secret> --deliver-to <webhook URL> [--port 4100]
 */
import { parseArgs } from "node:util";
import { startShopSimulator } from "./shop-simulator";

const USAGE = "usage: run-simulator.ts --secret <the installation's secret> --deliver-to <the server's /webhooks/<installation id> URL> [--port 4100]";

const { values } = parseArgs({ options: { secret: { type: "string" }, "deliver-to": { type: "string" }, port: { type: "string", default: "4100" } } });
const port = Number(values.port);
const problem =
  !values.secret ? "--secret is missing: give the secret the installation was made with"
  : !values["deliver-to"] || !URL.canParse(values["deliver-to"]) ? "--deliver-to is missing or not a URL: give the server's webhook URL, e.g. http://127.0.0.1:3000/webhooks/hangzhou-site"
  : !Number.isInteger(port) || port < 0 || port > 65535 ? `--port is ${JSON.stringify(values.port)}: give a port number from 0 to 65535`
  : undefined;
if (problem) {
  process.stderr.write(`${problem}\n${USAGE}\n`);
  process.exit(2);
}
const deliverTo = values["deliver-to"]!;

const shop = await startShopSimulator({ secret: values.secret!, port });
process.stdout.write(
  `The simulated shop listens at ${shop.url} (shipmentUrl ${shop.shipmentUrl}, ordersUrl ${shop.ordersUrl}).\n` +
    `Press Enter to place an order and deliver its webhook to ${deliverTo}.\n`,
);

process.stdin.on("data", () => {
  const order = shop.placeOrder();
  shop.deliver(deliverTo, shop.orderWebhook(order), { times: 2 }).then(
    (statuses) => process.stdout.write(`order ${order.number} delivered twice: answered ${statuses.join(", ")}\n`),
    (error: unknown) => process.stdout.write(`order ${order.number} could not be delivered to ${deliverTo}: ${error instanceof Error ? error.message : String(error)}\n`),
  );
});

let shown = 0;
setInterval(() => {
  for (const shipment of shop.shipments.slice(shown)) {
    process.stdout.write(`the shop recorded shipment ${shipment.id} for order ${shipment.orderNumber}: ${shipment.courier} ${shipment.trackingNumber}\n`);
  }
  shown = shop.shipments.length;
}, 250);

for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => void shop.close().then(() => process.exit(0)));
