/**
 * The demo's far sides, so that `npm start` shows orders flowing without any
 * account anywhere: simulators of the Taobao open platform, a DingTalk group
 * robot and an SMTP server run on loopback inside the server process, and
 * the real connectors are installed against them, with their state in the
 * server's database like any installation. A new demo database gets one
 * paid trade in the simulated shop, which the Taobao poller brings in as
 * production would.
 */
import { installConnector } from "@orderflow/connector-sdk";
import { dingtalk } from "@orderflow/connector-dingtalk";
import { startRobotSimulator } from "@orderflow/connector-dingtalk/simulator";
import { email } from "@orderflow/connector-email";
import { startSmtpTestServer } from "@orderflow/connector-email/simulator";
import { taobao } from "@orderflow/connector-taobao";
import { startTopSimulator } from "@orderflow/connector-taobao/simulator";
import type { Kysely } from "kysely";
import type { InstalledConnector } from "../execution/connector-registry";
import type { PolledSource } from "../intake/poll-sources";
import { WebhookRejected } from "../intake/receive-webhook";
import { createConnectorStore } from "../storage/connector-store";
import type { Database } from "../storage/schema";

export interface DemoConnectors {
  connectors: Record<string, InstalledConnector>;
  pollSources: PolledSource[];
  defaultNotificationChannel: string;
  /** Where the simulators listen, for the person trying the demo. */
  endpoints: Record<string, string>;
  close(): Promise<void>;
}

const SHOP = "tmall-flagship";
const TOP = { appKey: "12345678", appSecret: "demo-app-secret", session: "demo-session" };
const SUPERVISOR = { role: "supervisor" };

/** @param placeOrder put a paid trade in the simulated shop (for a database the demo was just loaded into). */
export async function startDemoConnectors(db: Kysely<Database>, options: { placeOrder: boolean }): Promise<DemoConnectors> {
  const top = await startTopSimulator(TOP);
  const robot = await startRobotSimulator({ accessToken: "demo-robot-token", signSecret: "SECdemo" });
  const smtp = await startSmtpTestServer();
  const webhookRejected = (status: 400 | 401 | 422, message: string) => new WebhookRejected(status, message);
  const install = <S extends Record<string, unknown>>(definition: Parameters<typeof installConnector>[0], settings: S) =>
    installConnector(definition, { settings, store: createConnectorStore(db, definition.id), webhookRejected });

  const shop = install(taobao, { shop: SHOP, gatewayUrl: top.gatewayUrl, ...TOP });
  const robotConnector = install(dingtalk, { ...robot.settings(), directory: [{ ...SUPERVISOR, address: "13800000001" }] });
  const mail = install(email, { ...smtp.settings(), from: "orders@demo.orderflow.local", directory: [{ ...SUPERVISOR, address: "supervisor@demo.orderflow.local" }] });
  if (options.placeOrder) top.placeTrade();

  return {
    connectors: { taobao: shop, dingtalk: robotConnector, email: mail },
    pollSources: Object.values(shop.pollers).map((poller) => ({ id: "taobao", poller })),
    defaultNotificationChannel: "email",
    endpoints: { taobao: top.gatewayUrl, dingtalk: robot.url, smtp: `smtp://127.0.0.1:${String(smtp.settings().port)}` },
    async close() {
      await Promise.all([top.close(), robot.close(), smtp.close()]);
    },
  };
}
