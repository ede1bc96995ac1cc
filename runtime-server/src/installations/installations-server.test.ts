import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startShopSimulator } from "@orderflow/connector-webhook-shop/simulator";
import { describe, expect, it } from "vitest";
import { createLogger } from "../observability/logger";
import { startServer } from "../server";
import { SECRET_KEY_FILE } from "./secret-key";

const SECRET = "shop-hmac-secret-on-disk";

describe("connector installations in the running server", () => {
  it("keep their key in the data directory, poll at once, and run again after a restart with their secrets", async () => {
    const dir = await mkdtemp(join(tmpdir(), "orderflow-installations-"));
    const dataDir = join(dir, "data");
    const shop = await startShopSimulator({ secret: SECRET });
    const start = async () => {
      const lines: string[] = [];
      const announced: string[] = [];
      const server = await startServer({ database: { dataDir }, port: 0, log: createLogger({ write: (line) => lines.push(line) }), announce: (text) => announced.push(text) });
      return { server, lines, announced };
    };
    const signIn = async (url: string, setupCode?: string) => {
      const json = { "content-type": "application/json" };
      if (setupCode) await fetch(`${url}/setup/first-admin`, { method: "POST", headers: json, body: JSON.stringify({ setupCode, login: "admin", displayName: "Admin", password: "correct horse battery" }) });
      const login = await fetch(`${url}/auth/login`, { method: "POST", headers: json, body: JSON.stringify({ login: "admin", password: "correct horse battery" }) });
      const cookie = login.headers.get("set-cookie")!.split(";")[0]!;
      return (method: string, path: string, body?: unknown) =>
        fetch(`${url}${path}`, { method, headers: { cookie, ...json }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) }).then(async (r) => ({ status: r.status, body: (await r.json()) as any }));
    };

    try {
      const first = await start();
      try {
        const keyFile = join(dataDir, SECRET_KEY_FILE);
        expect((await stat(keyFile)).mode & 0o777).toBe(0o600);
        expect(first.lines.join("\n")).toContain(`the key from ${keyFile} (made just now)`);
        expect(first.lines.join("\n")).toContain("losing it loses the stored secrets");

        const call = await signIn(first.server.url, /"setupCode":"([^"]+)"/.exec(first.announced.join("\n"))![1]);
        const missed = shop.placeOrder({ number: "WS-MISSED" });
        const created = await call("POST", "/connector-installations", { id: "shop-main", connector: "webhook_shop", settings: { shop: "own-site", shipmentUrl: shop.shipmentUrl, ordersUrl: shop.ordersUrl, secret: SECRET } });
        expect(created).toMatchObject({ status: 201, body: { state: "running" } });
        // Its polling trigger starts with a reconciliation, which brings in the order no webhook announced.
        await expect.poll(async () => (await call("GET", "/orders")).body.orders.map((o: { platformOrderNo: string }) => o.platformOrderNo), { timeout: 10_000 }).toEqual([missed.number]);
        expect(await readFile(join(dataDir, SECRET_KEY_FILE), "utf8")).not.toContain(SECRET);
      } finally {
        await first.server.stop();
      }

      const second = await start();
      try {
        expect(second.lines.join("\n")).not.toContain("made just now");
        const call = await signIn(second.server.url);
        expect((await call("GET", "/connector-installations/shop-main")).body).toMatchObject({ state: "running", secretsSet: ["secret"] });
        const delivery = shop.orderWebhook(shop.placeOrder({ number: "WS-AFTER" }));
        expect((await fetch(`${second.server.url}/webhooks/shop-main`, { method: "POST", headers: delivery.headers, body: delivery.body })).status).toBe(200);
      } finally {
        await second.server.stop();
      }
    } finally {
      await shop.close();
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
