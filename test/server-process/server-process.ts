/**
 * The real runtime server (startServer) in a process of its own, for the
 * server bench and the durability tests, which start it with
 * `forkServerProcess` (start-server-process.ts). It serves the database named
 * on the command line, prepared beforehand with `prepareDatabase`, on a free
 * loopback port, with the `signed_shop` webhook source, the built-in
 * inventory (stock as prepareDatabase put it) and, given --courier, a
 * `courier` connector calling that HTTP courier. Talks to its parent over IPC: { ready, url, owner }
 * once listening, { rss, heap, peakRss, heapAtPeak, cpuSeconds } every 200 ms, { stopped, … }
 * after a clean stop (on "stop", SIGTERM, or the parent going away).
 *
 *   server-process.ts --postgres URL | --pglite DIR [--courier URL] [--schedule-every-ms N] [--lease-ms N]
 */
import { hostname } from "node:os";
import type { DatabaseConfig } from "../../runtime-server/src/index";
import { createLogger } from "../../runtime-server/src/observability/logger";
import { startServer } from "../../runtime-server/src/server";
import { createHttpCourier } from "./http-courier";
import { SIGNED_SHOP, signedShop } from "./signed-shop";

const arg = (name: string) => {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : undefined;
};
const number = (name: string) => {
  const given = arg(name);
  if (given === undefined) return undefined;
  const value = Number(given);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`server-process: ${name} is ${JSON.stringify(given)}; give a whole number of milliseconds`);
  return value;
};
const postgres = arg("--postgres");
const pglite = arg("--pglite");
if (!postgres && !pglite) throw new Error("server-process: pass --postgres URL or --pglite DIR");
const database: DatabaseConfig = postgres ? { databaseUrl: postgres } : { dataDir: pglite };
const courier = arg("--courier");
const owner = `${hostname()}:${process.pid}`;

const send = (message: unknown) => process.send?.(message);

const logged: string[] = [];
const server = await startServer({
  database,
  port: 0,
  host: "127.0.0.1",
  demo: false,
  connectors: courier ? { courier: createHttpCourier(courier, owner) } : {},
  webhookSources: { [SIGNED_SHOP]: signedShop },
  log: createLogger({ level: "warn", write: (line) => logged.length < 20 && logged.push(line) }),
  announce: () => {},
  scheduleEveryMs: number("--schedule-every-ms"),
  workerLeaseMs: number("--lease-ms"),
});

// The V8 heap's share of the RSS: the rest is code, buffers and, on PGlite, the embedded database's WASM memory.
let { rss: peakRss, heapTotal: heapAtPeak } = process.memoryUsage();
const sampling = setInterval(() => {
  const { rss, heapTotal: heap } = process.memoryUsage();
  if (rss > peakRss) [peakRss, heapAtPeak] = [rss, heap];
  const cpu = process.cpuUsage();
  send({ rss, heap, peakRss, heapAtPeak, cpuSeconds: (cpu.user + cpu.system) / 1e6 });
}, 200);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  clearInterval(sampling);
  await server.stop().catch(() => {});
  send({ stopped: true, peakRss, heapAtPeak, logged });
  process.disconnect?.();
  process.exit(0);
};
process.on("message", (message) => message === "stop" && void stop());
process.on("SIGTERM", () => void stop());
process.on("disconnect", () => void stop()); // the parent went away
send({ ready: true, url: server.url, owner });
