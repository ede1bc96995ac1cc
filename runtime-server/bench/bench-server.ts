/**
 * The server side of `npm run bench:server`, run as a child process by
 * server-bench.ts: publishes bench/order-flow.json into the database named on
 * the command line, then starts the real server (startServer) on loopback with
 * a signed webhook source `bench_shop` and in-process inventory connectors
 * that answer at once. Talks to its parent over IPC: { ready, url } once
 * listening, { rss } every 200 ms; stops cleanly on "stop" or SIGTERM.
 *
 *   bench-server.ts --postgres postgres://…/db   |   --pglite /tmp/dir
 */
import { createHmac, randomUUID, timingSafeEqual } from "node:crypto";
import { readFileSync } from "node:fs";
import { createDatabase, migrateToLatest, WebhookRejected, type DatabaseConfig, type InstalledConnector, type WebhookSource } from "../src/index";
import { startServer } from "../src/server";
import { createLogger } from "../src/observability/logger";
import { json } from "../src/storage/json";

/** The same in server-bench.ts, which signs what it sends with it. */
const BENCH_SECRET = "orderflow-bench-secret";

const arg = (name: string) => {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : undefined;
};
const postgres = arg("--postgres");
const pglite = arg("--pglite");
const database: DatabaseConfig = postgres ? { databaseUrl: postgres } : { dataDir: pglite };
if (!postgres && !pglite) throw new Error("bench-server: pass --postgres URL or --pglite DIR");

const send = (message: unknown) => process.send?.(message);

const flow = JSON.parse(readFileSync(new URL("./order-flow.json", import.meta.url), "utf8"));
{
  const storage = await createDatabase(database);
  await migrateToLatest(storage.db);
  await storage.db.transaction().execute(async (tx) => {
    await tx.insertInto("flows").values({ id: flow.id, name: json(flow.name), draft: json(flow), updated_by: "bench" }).execute();
    await tx.insertInto("flow_versions").values({ flow_id: flow.id, version: 1, document: json(flow), published_by: "bench" }).execute();
  });
  await storage.close();
}

const benchShop: WebhookSource = {
  id: "bench_shop",
  read({ headers, body }) {
    const expected = createHmac("sha256", BENCH_SECRET).update(body).digest();
    const given = Buffer.from(headers["x-signature"] ?? "", "hex");
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new WebhookRejected(401, "bad signature");
    const order = JSON.parse(body);
    return {
      kind: "order",
      dedupeKey: `bench_shop:${order.shop}:${order.platformOrderNo}`,
      order: {
        channel: "bench_shop",
        shop: order.shop,
        platformOrderNo: order.platformOrderNo,
        buyerName: order.buyer?.name ?? null,
        phone: order.buyer?.phone ?? null,
        total: order.total,
        data: order,
        raw: order,
      },
    };
  },
};

const inventory: InstalledConnector = {
  async invoke(call) {
    if (call.action === "reserve") return { ok: true, output: { reservationId: `R-${randomUUID()}`, warehouse: "SH-01" } };
    if (call.action === "choose_warehouse") return { ok: true, output: { warehouse: "SH-01" } };
    return { ok: false, error: { code: "unknown_action", message: `inventory.${call.action}` }, retryable: false };
  },
};

const errors: string[] = [];
const server = await startServer({
  database,
  port: 0,
  host: "127.0.0.1",
  demo: false,
  connectors: { inventory },
  webhookSources: { bench_shop: benchShop },
  log: createLogger({ level: "warn", write: (line) => errors.length < 20 && errors.push(line) }),
  announce: () => {},
});

let peakRss = process.memoryUsage().rss;
const sampling = setInterval(() => {
  const rss = process.memoryUsage().rss;
  peakRss = Math.max(peakRss, rss);
  const cpu = process.cpuUsage();
  send({ rss, peakRss, cpuSeconds: (cpu.user + cpu.system) / 1e6 });
}, 200);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  clearInterval(sampling);
  await server.stop().catch(() => {});
  send({ stopped: true, peakRss, logged: errors });
  process.disconnect?.();
  process.exit(0);
};
process.on("message", (message) => message === "stop" && void stop());
process.on("SIGTERM", () => void stop());
process.on("disconnect", () => void stop()); // the parent went away
send({ ready: true, url: server.url });
