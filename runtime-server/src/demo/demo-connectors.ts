/**
 * The demo's far sides, so that `npm start` shows orders flowing without any
 * account anywhere: simulators of the Taobao open platform, SF Express's open
 * platform, a DingTalk group robot and an SMTP server run on loopback inside
 * the server process, and the real connectors are installed against them,
 * with their state in the server's database like any installation. A new
 * demo database gets one paid trade in the simulated shop, which the Taobao
 * poller brings in as production would. Once the server listens, a simulated
 * SF courier collects every waybill's parcel and delivers it a moment later,
 * pushing each route to the server's webhook as SF does, so the order ends.
 */
import { installConnector } from "@orderflow/connector-sdk";
import { dingtalk } from "@orderflow/connector-dingtalk";
import { startRobotSimulator } from "@orderflow/connector-dingtalk/simulator";
import { email } from "@orderflow/connector-email";
import { startSmtpTestServer } from "@orderflow/connector-email/simulator";
import { sfExpress } from "@orderflow/connector-sf-express";
import { startSfSimulator, type SfSimulator } from "@orderflow/connector-sf-express/simulator";
import { taobao } from "@orderflow/connector-taobao";
import { startTopSimulator } from "@orderflow/connector-taobao/simulator";
import type { Kysely } from "kysely";
import type { InstalledConnector } from "../execution/connector-registry";
import type { PolledSource } from "../intake/poll-sources";
import { WebhookRejected, type WebhookSource } from "../intake/receive-webhook";
import type { Logger } from "../observability/logger";
import { createConnectorStore } from "../storage/connector-store";
import type { Database } from "../storage/schema";

export interface DemoConnectors {
  connectors: Record<string, InstalledConnector>;
  pollSources: PolledSource[];
  defaultNotificationChannel: string;
  /** SF's route pushes, by source id. */
  webhookSources: Record<string, WebhookSource>;
  /** Where the simulators listen, for the person trying the demo. */
  endpoints: Record<string, string>;
  /** Starts the simulated SF courier, which pushes routes to the server at `url`. */
  serverListening(url: string): void;
  close(): Promise<void>;
}

const SHOP = "tmall-flagship";
const TOP = { appKey: "12345678", appSecret: "demo-app-secret", session: "demo-session" };
const SF = { partnerId: "DEMO_PARTNER", checkword: "demo-checkword" };
const SUPERVISOR = { role: "supervisor" };
/** The demo warehouse SH-01 (demo-data.ts), the sender on every waybill. */
const WAREHOUSE = { name: "上海仓 Shanghai warehouse", phone: "021-60000000", province: "上海市", city: "上海市", district: "嘉定区", detail: "安亭镇墨玉路 1 号" };
/** How often the simulated courier moves each parcel on: collected at one look, delivered at the next. */
const COURIER_ROUND_MS = 1_000;

/** @param placeOrder put a paid trade in the simulated shop (for a database the demo was just loaded into). */
export async function startDemoConnectors(db: Kysely<Database>, options: { placeOrder: boolean; log?: Logger }): Promise<DemoConnectors> {
  const top = await startTopSimulator(TOP);
  const sf = await startSfSimulator(SF);
  const robot = await startRobotSimulator({ accessToken: "demo-robot-token", signSecret: "SECdemo" });
  const smtp = await startSmtpTestServer();
  const webhookRejected = (status: 400 | 401 | 422, message: string) => new WebhookRejected(status, message);
  const install = <S extends Record<string, unknown>>(definition: Parameters<typeof installConnector>[0], settings: S) =>
    installConnector(definition, { settings, store: createConnectorStore(db, definition.id), webhookRejected });

  const shop = install(taobao, { shop: SHOP, gatewayUrl: top.gatewayUrl, ...TOP });
  const robotConnector = install(dingtalk, { ...robot.settings(), directory: [{ ...SUPERVISOR, address: "13800000001" }] });
  const courier = install(sfExpress, { baseUrl: sf.url, monthlyCard: "7551234567", sender: WAREHOUSE, ...SF });
  const routePush = courier.webhooks["route_push"]!;
  const mail = install(email, { ...smtp.settings(), from: "orders@demo.orderflow.local", directory: [{ ...SUPERVISOR, address: "supervisor@demo.orderflow.local" }] });
  if (options.placeOrder) top.placeTrade();

  let courierRounds: NodeJS.Timeout | undefined;

  return {
    connectors: { taobao: shop, sf_express: courier, dingtalk: robotConnector, email: mail },
    pollSources: Object.values(shop.pollers).map((poller) => ({ id: "taobao", poller })),
    defaultNotificationChannel: "email",
    webhookSources: { [routePush.id]: routePush },
    endpoints: { taobao: top.gatewayUrl, sf_express: sf.url, dingtalk: robot.url, smtp: `smtp://127.0.0.1:${String(smtp.settings().port)}` },
    serverListening(url) {
      const webhookUrl = `${url}/webhooks/${routePush.id}`;
      const courier: CourierState = { acknowledged: new Set(), shipped: new Set(), isShipped: (waybillNo) => top.shipments.some((shipment) => shipment.outSid === waybillNo) };
      let running = false;
      courierRounds = setInterval(() => {
        if (running) return;
        running = true;
        moveParcels(sf, webhookUrl, courier)
          .catch((error: unknown) => options.log?.warn("the demo courier could not push a route", { error }))
          .finally(() => (running = false));
      }, COURIER_ROUND_MS);
    },
    async close() {
      clearInterval(courierRounds);
      await Promise.all([top.close(), sf.close(), robot.close(), smtp.close()]);
    },
  };
}

interface CourierState {
  /** Route ids the server answered 200 to. */
  acknowledged: Set<string>;
  /** Waybills seen pushed back to the shop in an earlier round. */
  shipped: Set<string>;
  isShipped(waybillNo: string): boolean;
}

/**
 * One round of the simulated SF courier: a new waybill's parcel is collected;
 * a collected one is delivered a round after the shop shows it shipped (by
 * then the flow waits for the delivery: a delivery pushed earlier would reach
 * no one); every route the server has not acknowledged is pushed (again), as
 * SF pushes until it is answered.
 */
async function moveParcels(sf: SfSimulator, webhookUrl: string, courier: CourierState): Promise<void> {
  for (const order of sf.orders) {
    const delivered = order.routes.some((route) => route.opCode === "80");
    if (order.status === "placed") sf.addRoute(order.waybillNo, "50", chinaTime(new Date()), "顺丰速运 已收取快件");
    else if (order.status === "collected" && !delivered && courier.shipped.has(order.waybillNo)) sf.addRoute(order.waybillNo, "80", chinaTime(new Date()), "已签收，感谢使用顺丰");
    else if (courier.isShipped(order.waybillNo)) courier.shipped.add(order.waybillNo);
    for (const route of order.routes.filter((r) => !courier.acknowledged.has(r.id))) {
      const status = await sf.deliver(webhookUrl, sf.routePush([route]));
      if (status !== 200) throw new Error(`the server answered ${status} to the route push for ${order.waybillNo}`);
      courier.acknowledged.add(route.id);
    }
  }
}

/** SF's route times: China time without an offset, "2026-11-22 16:05:00". */
function chinaTime(at: Date): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 19).replace("T", " ");
}
