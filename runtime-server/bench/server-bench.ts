/**
 * `npm run bench:server`: orders per second through the real server, driven
 * by HTTP from this process (the server runs in a child,
 * test/server-process/server-process.ts) on loopback: signed webhook →
 * intake → audit decision → inventory.reserve → inventory.choose_warehouse →
 * an open pick task (bench/order-flow.json), the built-in inventory
 * reserving for real (orders spread over 500 SKUs stocked in one warehouse). An
 * order counts once its pick task is open (the server's public /metrics,
 * `orderflow_tasks_open`). Prints, for PostgreSQL and the embedded PGlite:
 * orders/s reaching the pick task with 128 requests in flight, p50/p99 of the
 * webhook acknowledgement; on PostgreSQL also the p99 acknowledgement at a
 * fixed offered 300 orders/s (measured from each request's scheduled time, so
 * a late sender counts against it; after a CHECKPOINT, see `settle`), the
 * server's peak RSS, and what one durable commit costs here (single-row
 * INSERTs, one transaction each, one client). The CPU the server, the
 * database (its processes, when they run on this machine) and this client
 * spent per order is reported beside the rates: on a shared machine it shows
 * what the run cost, whatever else was running. The orders are signed and
 * laid out as requests before each phase and sent by a lean client
 * (lean-http-client.ts), so that the load takes as little as it can of the
 * two cores the server is measured on.
 * The last line is one JSON object.
 *
 *   npm run bench:server [-- --quick] [--orders N] [--pglite-orders N (0: PostgreSQL only)] [--rate-seconds S] [--in-flight N]
 *   ORDERFLOW_BENCH_PROFILE=/tmp/prof writes the server's V8 CPU profile there.
 *   DATABASE_ADMIN_URL (default postgres://postgres@127.0.0.1:5432/test) is where the bench database is created and dropped.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import http from "node:http";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { forkServerProcess, prepareDatabase } from "../../test/server-process/start-server-process";
import { SIGNED_SHOP, signBody } from "../../test/server-process/signed-shop";
import { benchEngine } from "../../engine/bench/run-orders";
import { createLeanHttpClient, prepareRequest } from "./lean-http-client";
import type { DatabaseConfig } from "../src/index";

const argv = process.argv.slice(2);
const flag = (name: string) => argv.includes(name);
const num = (name: string, fallback: number) => {
  const at = argv.indexOf(name);
  return at >= 0 ? Number(argv[at + 1]) : fallback;
};
const quick = flag("--quick");
const ORDERS = num("--orders", quick ? 800 : 20_000);
const PGLITE_ORDERS = num("--pglite-orders", quick ? 300 : 4_000);
const WARMUP = quick ? 100 : 1_000;
const RATE = 300;
const RATE_SECONDS = num("--rate-seconds", quick ? 3 : 20);
/**
 * Requests in flight in the bursts: as many as it takes for the server's
 * main thread to be the limit. Measured on the two-core bench machine
 * (8,000 orders, alternating): 64 gave 792 and 787 orders/s with the
 * server at 0.90 cores, 128 gave 910 and 903 at 0.93 cores (groups of about
 * twice as many orders, each order costing the server and the database
 * 10–12% less CPU), 256 gave 943, no more.
 */
const IN_FLIGHT = num("--in-flight", 128);
const INSERT_SECONDS = quick ? 1 : 3;
const ADMIN_URL = process.env.DATABASE_ADMIN_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const PHASE_TIMEOUT_MS = quick ? 60_000 : 15 * 60_000;

const runId = randomBytes(4).toString("hex");
const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;
const fmt = (n: number) => Math.round(n).toLocaleString("en");
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}
const median = (values: number[]) => percentile(values, 50);

/* ---------------- cleanup, even on failure ---------------- */

const cleanups: (() => Promise<void>)[] = [];
async function cleanUp() {
  while (cleanups.length > 0) await cleanups.pop()!().catch((error) => console.error("cleanup:", error));
}
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    console.error(`\n${signal}: cleaning up`);
    void cleanUp().finally(() => process.exit(130));
  });
}

/* ---------------- the server child ---------------- */

interface ServerChild {
  url: string;
  /** What the server reported last, kept up to date as it reports. */
  readonly reported: Reported;
  stop(): Promise<{ logged: string[] }>;
}

interface Reported {
  peakRss: number;
  /** The V8 heap's size when the RSS peaked: the rest of the RSS is code, buffers and an embedded database's memory. */
  heapAtPeak: number;
  lastRss: number;
  lastHeap: number;
  cpuSeconds: number;
}

const flow = JSON.parse(readFileSync(new URL("./order-flow.json", import.meta.url), "utf8"));

/** Orders spread over this many SKUs, as a shop's orders are (one SKU for all would measure one row's lock). */
const SKUS = 500;
const skuOf = (n: number) => `TEA-${String(n % SKUS).padStart(4, "0")}`;
/** The built-in inventory reserves for real: a warehouse in the orders' province, stocked for any run. */
const STOCK = {
  warehouses: [{ id: "SH-01", name: { zh: "上海仓", en: "Shanghai" }, province: "上海市", city: "上海市" }],
  units: Array.from({ length: SKUS }, (_, n) => ({ sku: skuOf(n), warehouse: "SH-01", quantity: 1_000_000 })),
};

async function startChild(database: DatabaseConfig): Promise<ServerChild> {
  await prepareDatabase(database, [{ document: flow }], STOCK);
  const reported: Reported = { peakRss: 0, heapAtPeak: 0, lastRss: 0, lastHeap: 0, cpuSeconds: 0 };
  const peakFrom = (message: Record<string, unknown>) => {
    if (Number(message.peakRss) < reported.peakRss) return;
    reported.peakRss = Number(message.peakRss);
    reported.heapAtPeak = Number(message.heapAtPeak);
  };
  const server = await forkServerProcess(database.databaseUrl !== undefined ? ["--postgres", database.databaseUrl] : ["--pglite", database.dataDir!], {
    // ORDERFLOW_BENCH_PROFILE=dir: the server writes a V8 CPU profile there (open in Chrome DevTools).
    execArgv: process.env.ORDERFLOW_BENCH_PROFILE ? ["--cpu-prof", "--cpu-prof-dir", process.env.ORDERFLOW_BENCH_PROFILE] : [],
    onMessage(message) {
      if (typeof message.rss === "number") {
        reported.lastRss = message.rss;
        reported.lastHeap = Number(message.heap);
        peakFrom(message);
        reported.cpuSeconds = Number(message.cpuSeconds ?? reported.cpuSeconds);
      }
      if (message.stopped) peakFrom(message);
    },
  });
  cleanups.push(() => server.stop());
  return {
    url: server.url,
    reported,
    async stop() {
      await server.stop();
      return { logged: server.logged };
    },
  };
}

/* ---------------- the HTTP client ---------------- */

/** For the /metrics polls; the orders go through the lean client. */
const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });

function orderBody(n: number): string {
  return JSON.stringify({
    shop: "bench",
    platformOrderNo: `${runId}-${n}`,
    createdAt: new Date().toISOString(),
    paymentStatus: "paid",
    buyer: { name: "张三", phone: "13812345678" },
    address: { province: "上海市", city: "上海市", district: "浦东新区", detail: "世纪大道100号" },
    lines: [{ sku: skuOf(n), name: "龙井 250g", quantity: 2, unitPrice: 128, category: "tea" }],
    total: 256,
    deliverySpeed: "standard",
  });
}

/** The next `count` orders as signed requests, ready to go on the wire: built before a phase, as a platform signs its webhooks on its own machines. */
function signedOrders(url: URL, count: number): Buffer[] {
  return Array.from({ length: count }, () => {
    const body = orderBody(nextOrder++);
    const headers = { host: url.host, connection: "keep-alive", "content-type": "application/json", "x-signature": signBody(body) };
    return prepareRequest("POST", `/webhooks/${SIGNED_SHOP}`, headers, body);
  });
}

let nextOrder = 0;
const failures = { count: 0, first: "" };
const fail = (what: string) => {
  failures.count++;
  failures.first ||= what;
};

/** Sends `count` orders, `inFlight` at a time; returns each acknowledgement's latency in ms. */
async function sendClosed(url: URL, count: number, inFlight: number): Promise<{ latencies: number[]; seconds: number; accepted: number }> {
  const requests = signedOrders(url, count);
  const client = createLeanHttpClient(url);
  const latencies: number[] = [];
  let accepted = 0;
  let sent = 0;
  const started = performance.now();
  const lane = async () => {
    while (sent < count) {
      const request = requests[sent++]!;
      const at = performance.now();
      const status = await client.send(request).catch((error: Error) => (fail(error.message), 0));
      if (status === 200) accepted++;
      else if (status !== 0) fail(`HTTP ${status}`);
      latencies.push(performance.now() - at);
    }
  };
  await Promise.all(Array.from({ length: inFlight }, lane));
  const seconds = (performance.now() - started) / 1000;
  client.close();
  return { latencies, seconds, accepted };
}

/** Offers `rate` orders/s for `seconds`; latency counts from each order's scheduled time. At most 1,000 in flight. */
async function sendOpen(url: URL, rate: number, seconds: number): Promise<{ latencies: number[]; sent: number; accepted: number }> {
  let accepted = 0;
  const latencies: number[] = [];
  const total = Math.round(rate * seconds);
  const requests = signedOrders(url, total);
  const client = createLeanHttpClient(url);
  const started = performance.now();
  const pending = new Set<Promise<void>>();
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    while (pending.size >= 1_000) await Promise.race(pending);
    const p: Promise<void> = client
      .send(requests[i]!)
      .then((status) => void (status === 200 ? accepted++ : fail(`HTTP ${status}`)))
      .catch((error: Error) => fail(error.message))
      .then(() => void latencies.push(performance.now() - due))
      .finally(() => pending.delete(p));
    pending.add(p);
  }
  await Promise.all(pending);
  client.close();
  return { latencies, sent: total, accepted };
}

/** Open pick tasks and failed instances, from the server's public /metrics. */
async function progress(url: URL): Promise<{ tasks: number; failed: number; dead: number }> {
  const text = await new Promise<string>((resolve, reject) => {
    http
      .get({ agent, host: url.hostname, port: url.port, path: "/metrics" }, (response) => {
        let body = "";
        response.setEncoding("utf8").on("data", (chunk) => (body += chunk));
        response.on("end", () => resolve(body));
      })
      .on("error", reject);
  });
  const gauge = (pattern: RegExp) => Number(pattern.exec(text)?.[1] ?? 0);
  return {
    tasks: gauge(/^orderflow_tasks_open (\d+)/m),
    failed: gauge(/^orderflow_instances\{status="failed"\} (\d+)/m),
    dead: gauge(/^orderflow_outbox_rows\{status="dead"\} (\d+)/m),
  };
}

/** Waits until `target` pick tasks are open; returns the moment (performance.now()) it saw so. */
async function untilTasks(url: URL, target: number, timeoutMs = PHASE_TIMEOUT_MS): Promise<number> {
  const deadline = performance.now() + timeoutMs;
  let last = -1;
  let movedAt = performance.now();
  for (;;) {
    const seen = await progress(url);
    if (seen.tasks >= target) return performance.now();
    if (seen.tasks !== last) (last = seen.tasks), (movedAt = performance.now());
    if (performance.now() - movedAt > 30_000) throw new Error(`stalled: ${seen.tasks} of ${target} pick tasks open, none more for 30 s`);
    if (seen.failed > 0 || seen.dead > 0) throw new Error(`orders went wrong: ${seen.failed} instances failed, ${seen.dead} outbox rows dead`);
    if (performance.now() > deadline) throw new Error(`only ${seen.tasks} of ${target} pick tasks open after ${timeoutMs / 1000} s`);
    await sleep(100);
  }
}

/* ---------------- one database ---------------- */

interface Run {
  ordersPerSecond: number;
  ackPerSecond: number;
  p50AckMs: number;
  p99AckMs: number;
  rate?: { p50: number; p99: number; sent: number };
  peakRss: number;
  serverCpuMsPerOrder: number;
  clientCpuMsPerOrder: number;
  /** PostgreSQL's processes, when they run on this machine. */
  databaseCpuMsPerOrder?: number;
}

/** Transactions committed so far in the bench database (PostgreSQL's statistics, flushed within about a second). */
type Commits = () => Promise<number>;

/** CPU seconds used so far by each PostgreSQL process (backends and background workers), by pid; null when the database runs on another machine. */
type DatabaseCpu = () => Promise<Map<number, number> | null>;

/** Linux counts a process's CPU time in ticks of 1/100 s (USER_HZ) in /proc/<pid>/stat. */
const TICKS_PER_SECOND = 100;

/** `databaseCpu` reads /proc for the pids PostgreSQL lists, if they are PostgreSQL's processes here. */
function databaseCpuOf(admin: pg.Client): DatabaseCpu {
  return async () => {
    const { rows } = await admin.query<{ pid: number }>("select pid from pg_stat_activity");
    const used = new Map<number, number>();
    for (const { pid } of rows) {
      try {
        if (readFileSync(`/proc/${pid}/comm`, "utf8").trim() !== "postgres") return null;
        // Fields after the command's closing parenthesis: utime and stime are the 12th and 13th.
        const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
        const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
        used.set(pid, (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND);
      } catch {
        // Gone meanwhile, or no /proc (another system): counted as nothing.
      }
    }
    return used.size > 0 ? used : null;
  };
}

/** CPU seconds the database used between two readings (a process that started meanwhile counts from zero). */
function cpuBetween(before: Map<number, number>, after: Map<number, number>): number {
  let seconds = 0;
  for (const [pid, used] of after) seconds += used - (before.get(pid) ?? 0);
  return seconds;
}

/**
 * Lets PostgreSQL write back what the burst before left in memory (a
 * CHECKPOINT), so the fixed-rate phase measures a server at 300 orders/s,
 * not the disk catching up with 20,000 orders: otherwise its commits wait
 * for fsyncs queued behind that write-back (on two vCPUs, p99 over 200 ms
 * from a few commits of 180–240 ms, the server's event loop never held up
 * more than 21 ms). Says what it did, for the printed line.
 */
async function settle(databaseUrl: string): Promise<string> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const started = performance.now();
    await client.query("checkpoint");
    return ` (after a CHECKPOINT of ${Math.round(performance.now() - started)} ms wrote back the burst)`;
  } catch (error) {
    return ` (the burst not written back first: CHECKPOINT failed, ${error instanceof Error ? error.message : String(error)})`;
  } finally {
    await client.end();
  }
}

/** What the bench reads of PostgreSQL itself while it runs (PGlite has neither). */
interface DatabaseProbes {
  commits: Commits;
  databaseCpu: DatabaseCpu;
}

async function runAgainst(label: string, database: DatabaseConfig, orders: number, withRate: boolean, probes?: DatabaseProbes): Promise<Run> {
  const { commits, databaseCpu } = probes ?? {};
  const server = await startChild(database);
  const url = new URL(server.url);
  try {
    let expected = 0;
    // Orders count once acknowledged (200): a request that failed (counted and printed) is not waited for.
    await untilTasks(url, (expected += (await sendClosed(url, WARMUP, IN_FLIGHT)).accepted));

    await sleep(commits ? 1_500 : 0);
    const commits0 = commits ? await commits() : 0;
    const cpu0 = server.reported.cpuSeconds;
    const databaseCpu0 = await databaseCpu?.();
    const clientCpu0 = process.cpuUsage();
    const started = performance.now();
    const closed = await sendClosed(url, orders, IN_FLIGHT);
    const reached = await untilTasks(url, (expected += closed.accepted));
    const seconds = (reached - started) / 1000;
    await sleep(400); // one more RSS/CPU report from the server
    const clientCpu = process.cpuUsage(clientCpu0);
    const serverCpu = server.reported.cpuSeconds - cpu0;
    const databaseCpu1 = await databaseCpu?.();
    const databaseSeconds = databaseCpu0 && databaseCpu1 ? cpuBetween(databaseCpu0, databaseCpu1) : undefined;
    if (commits) await sleep(1_500);
    const commitsPerOrder = commits ? (await commits()) / orders - commits0 / orders : NaN;
    const run: Run = {
      ordersPerSecond: orders / seconds,
      ackPerSecond: orders / closed.seconds,
      p50AckMs: median(closed.latencies),
      p99AckMs: percentile(closed.latencies, 99),
      peakRss: 0,
      serverCpuMsPerOrder: (serverCpu * 1000) / orders,
      clientCpuMsPerOrder: (clientCpu.user + clientCpu.system) / 1000 / orders,
      databaseCpuMsPerOrder: databaseSeconds === undefined ? undefined : (databaseSeconds * 1000) / orders,
    };
    console.log(
      `${label}: ${fmt(run.ordersPerSecond)} orders/s reached the pick task (${fmt(orders)} orders, ${IN_FLIGHT} in flight, ${seconds.toFixed(1)} s); ` +
        `acknowledged at ${fmt(run.ackPerSecond)}/s, p50 ${run.p50AckMs.toFixed(1)} ms, p99 ${run.p99AckMs.toFixed(1)} ms`,
    );
    const onDatabase = databaseSeconds === undefined ? "" : `, database CPU ${run.databaseCpuMsPerOrder!.toFixed(2)} ms/order (${(databaseSeconds / seconds).toFixed(2)} cores)`;
    console.log(`${label}: server CPU ${run.serverCpuMsPerOrder.toFixed(2)} ms/order (${(serverCpu / seconds).toFixed(2)} cores)${onDatabase}, client CPU ${run.clientCpuMsPerOrder.toFixed(2)} ms/order` +
        (commits ? `, ${commitsPerOrder.toFixed(1)} database commits/order (the /metrics polls included)` : ""),
    );

    if (withRate) {
      const settled = database.databaseUrl !== undefined ? await settle(database.databaseUrl) : "";
      const open = await sendOpen(url, RATE, RATE_SECONDS);
      expected += open.accepted; // not waited for: only the acknowledgements are measured here
      run.rate = { p50: median(open.latencies), p99: percentile(open.latencies, 99), sent: open.sent };
      console.log(`${label}: at an offered ${RATE} orders/s for ${RATE_SECONDS} s${settled}, acknowledgement p50 ${run.rate.p50.toFixed(1)} ms, p99 ${run.rate.p99.toFixed(1)} ms (target p99 ≤ 50 ms)`);
    }
    await sleep(400);
    const { lastRss, lastHeap } = server.reported;
    agent.destroy(); // idle keep-alive sockets would hold the server's close() up; the next run opens new ones
    const { logged } = await server.stop();
    run.peakRss = server.reported.peakRss;
    console.log(
      `${label}: server RSS peak ${mb(run.peakRss)} MB (V8 heap ${mb(server.reported.heapAtPeak)} MB, the rest code, buffers${database.databaseUrl === undefined ? " and the embedded database" : ""}), ` +
        `${mb(lastRss)} MB after ${fmt(expected)} orders acknowledged (V8 heap ${mb(lastHeap)} MB)`,
    );
    if (logged.length > 0) console.log(`${label}: the server logged ${logged.length} warnings/errors, first: ${logged[0]}`);
    return run;
  } finally {
    await server.stop().catch(() => {});
  }
}

/** Single-row INSERTs from one client, each its own transaction: what one durable commit costs here. Median of 3 rounds. */
async function plainInserts(databaseUrl: string): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query("create table bench_commit (id bigserial primary key, body text not null, at timestamptz not null default now())");
    const settings = await client.query("select name, setting from pg_settings where name in ('synchronous_commit', 'fsync', 'wal_sync_method')");
    const rates: number[] = [];
    for (let round = 0; round < 3; round++) {
      let n = 0;
      const started = performance.now();
      const until = started + INSERT_SECONDS * 1000;
      while (performance.now() < until) {
        await client.query("insert into bench_commit (body) values ($1)", [`row ${n++}`]);
      }
      rates.push(n / ((performance.now() - started) / 1000));
    }
    console.log(`postgres plain insert: ${fmt(median(rates))} single-row commits/s from one client (${settings.rows.map((r) => `${r.name}=${r.setting}`).join(", ")})`);
    return median(rates);
  } finally {
    await client.end();
  }
}

/* ---------------- main ---------------- */

let exitCode = 0;
try {
  console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, node ${process.version}, load ${loadavg().map((l) => l.toFixed(2)).join(" ")}${quick ? ", --quick" : ""}`);
  // The same machine model can be several times slower on one day than another (a shared host): this yardstick,
  // npm run bench:engine's own figure, lets runs on different days be compared.
  const engineEventsPerCpuSecond = Math.round(benchEngine(3).warm);
  console.log(`machine speed: ${fmt(engineEventsPerCpuSecond)} engine events per CPU-second (npm run bench:engine's figure; the faster the machine, the higher)`);

  const benchDb = `orderflow_bench_${runId}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`create database ${benchDb}`);
  cleanups.push(async () => {
    await admin.query(`drop database if exists ${benchDb} with (force)`);
    await admin.end();
  });
  const benchUrl = new URL(ADMIN_URL);
  benchUrl.pathname = `/${benchDb}`;

  const plainInsertsPerSecond = await plainInserts(benchUrl.toString());
  const commits = async () => Number((await admin.query("select xact_commit from pg_stat_database where datname = $1", [benchDb])).rows[0]?.xact_commit ?? 0);
  const postgresRun = await runAgainst("postgres", { databaseUrl: benchUrl.toString() }, ORDERS, true, { commits, databaseCpu: databaseCpuOf(admin) });
  console.log(`postgres: ${((postgresRun.ordersPerSecond / plainInsertsPerSecond) * 100).toFixed(0)}% of the plain single-commit rate (target ≥ 1,000 orders/s)`);

  let pgliteRun: Awaited<ReturnType<typeof runAgainst>> | undefined;
  if (PGLITE_ORDERS > 0) {
    const dataDir = mkdtempSync(join(tmpdir(), "orderflow-bench-"));
    cleanups.push(async () => rmSync(dataDir, { recursive: true, force: true }));
    pgliteRun = await runAgainst("pglite", { dataDir }, PGLITE_ORDERS, false);
    console.log(`pglite: target ≥ 400 orders/s`);
  } else console.log("pglite: not run (--pglite-orders 0)");
  const pglite = (figure: (run: NonNullable<typeof pgliteRun>) => number) => (pgliteRun ? figure(pgliteRun) : null);

  if (failures.count > 0) {
    console.log(`${failures.count} requests failed, first: ${failures.first}`);
    exitCode = 1;
  }
  console.log(`load after: ${loadavg().map((l) => l.toFixed(2)).join(" ")}`);
  console.log(
    JSON.stringify({
      postgresOrdersPerSecond: Math.round(postgresRun.ordersPerSecond),
      pgliteOrdersPerSecond: pglite((run) => Math.round(run.ordersPerSecond)),
      p99AckMsAt300PerSecond: Math.round(postgresRun.rate!.p99 * 10) / 10,
      peakRssMb: mb(postgresRun.peakRss),
      plainInsertsPerSecond: Math.round(plainInsertsPerSecond),
      postgresP50AckMs: Math.round(postgresRun.p50AckMs * 10) / 10,
      postgresP99AckMs: Math.round(postgresRun.p99AckMs * 10) / 10,
      pgliteP50AckMs: pglite((run) => Math.round(run.p50AckMs * 10) / 10),
      pgliteP99AckMs: pglite((run) => Math.round(run.p99AckMs * 10) / 10),
      p50AckMsAt300PerSecond: Math.round(postgresRun.rate!.p50 * 10) / 10,
      pgliteRssMb: pglite((run) => mb(run.peakRss)),
      postgresOrders: ORDERS,
      pgliteOrders: PGLITE_ORDERS,
      failedRequests: failures.count,
      engineEventsPerCpuSecond,
    }),
  );
} catch (error) {
  console.error("bench:server failed:", error);
  exitCode = 1;
} finally {
  agent.destroy();
  await cleanUp();
}
process.exit(exitCode);
