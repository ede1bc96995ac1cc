/**
 * Section 11 of connectors/README.md, done as the guide says: the webhook
 * shop installed into a running runtime server by its host script
 * (connectors/webhook-shop/serve.ts, whose lines the guide shows), the
 * guide's flow published over the HTTP API by the first admin, an order
 * delivered by the shop's signed webhook to `/webhooks/<source>`, and the
 * flow's step calling the connector's `push_shipment` on the shop. The
 * flow is read from the guide itself, so the guide cannot drift from it.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { serveWithSimulator } from "../../connectors/webhook-shop/serve";
import { createLogger } from "../../runtime-server/src/observability/logger";

const guide = await readFile(new URL("../../connectors/README.md", import.meta.url), "utf8");
const section = guide.slice(guide.indexOf("## 11."));
const flowBlock = /```json\n([\s\S]*?)```/.exec(section)?.[1];

it("the guide's section 11: an order arrives by webhook in a running server and the guide's flow pushes its shipment through the connector", async () => {
  expect(flowBlock, "section 11 of connectors/README.md must show the flow as a ```json block").toBeDefined();
  const flow = JSON.parse(flowBlock!) as { id: string };
  const dataDir = await mkdtemp(join(tmpdir(), "orderflow-guide-"));
  let announced = "";
  const host = await serveWithSimulator({ dataDir, port: 0, announce: (text) => void (announced = text), log: createLogger({ level: "error" }) });
  const { server, shop } = host;
  try {
    const setupCode = /"setupCode":"([^"]+)"/.exec(announced)?.[1];
    expect(setupCode, "the server announces the first admin's setup code").toBeDefined();
    const send = (path: string, init: { method: string; body?: unknown; cookie?: string }) =>
      fetch(`${server.url}${path}`, { method: init.method, headers: { "content-type": "application/json", ...(init.cookie ? { cookie: init.cookie } : {}) }, ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }) });
    expect((await send("/setup/first-admin", { method: "POST", body: { setupCode, login: "admin", displayName: "Admin", password: "guide-walkthrough" } })).status).toBe(201);
    const login = await send("/auth/login", { method: "POST", body: { login: "admin", password: "guide-walkthrough" } });
    const cookie = login.headers.get("set-cookie")!.split(";")[0]!;
    expect((await send(`/flows/${flow.id}`, { method: "PUT", body: flow, cookie })).status).toBe(201);
    expect((await send(`/flows/${flow.id}/publish`, { method: "POST", cookie })).status).toBe(201);

    const { order, statuses } = await host.deliverOrder();
    expect(statuses).toEqual([200, 200]);

    for (let waited = 0; shop.shipments.length === 0 && waited < 20_000; waited += 100) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(shop.shipments).toEqual([expect.objectContaining({ orderNumber: order.number, courier: "SF" })]);
    const orders = (await (await send("/orders", { method: "GET", cookie })).json()) as { orders: { channel: string; platformOrderNo: string }[] };
    expect(orders.orders).toEqual([expect.objectContaining({ channel: "webhook_shop", platformOrderNo: order.number })]);
  } finally {
    await host.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
});
