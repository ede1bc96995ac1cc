/**
 * What the durability tests share: a database the server processes can open
 * by name (a PGlite directory on disk, or a PostgreSQL database of its own),
 * server processes that are always killed when the test ends, signed webhooks
 * sent as a platform sends them (again until acknowledged), and waiting for a
 * condition by polling, never by sleeping a fixed time.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { DatabaseConfig, Dialect } from "../../runtime-server/src/index";
import { createPostgresTestDatabase } from "../../runtime-server/src/storage/testing";
import { SIGNED_SHOP, signBody } from "../server-process/signed-shop";
import { forkServerProcess, prepareDatabase, type ServerProcess } from "../server-process/start-server-process";
import { startFakeCourier, type FakeCourier } from "./fake-courier";

export interface TestDatabase {
  config: DatabaseConfig;
  /** The server process's command-line arguments for it. */
  args: string[];
  drop(): Promise<void>;
}

export async function createTestDatabase(dialect: Dialect): Promise<TestDatabase> {
  if (dialect === "postgres") {
    const { url, drop } = await createPostgresTestDatabase();
    return { config: { databaseUrl: url }, args: ["--postgres", url], drop };
  }
  const dataDir = mkdtempSync(join(tmpdir(), "orderflow-durability-"));
  return { config: { dataDir }, args: ["--pglite", dataDir], drop: async () => rmSync(dataDir, { recursive: true, force: true }) };
}

/** Server processes started by one test; `killAll()` (in onTestFinished) kills those still running, pass or fail. */
export function createProcessGroup() {
  const started: ServerProcess[] = [];
  return {
    async start(args: string[]): Promise<ServerProcess> {
      const server = await forkServerProcess(args);
      started.push(server);
      return server;
    },
    async killAll(): Promise<void> {
      for (const server of started) server.kill();
      await Promise.all(started.map((server) => server.exited));
    },
  };
}

/**
 * What every durability test starts from: a database of its own with the
 * flows published, the fake courier, and a group for the server processes;
 * all of it closed when the test ends, pass or fail.
 */
export async function setUpScenario(
  dialect: Dialect,
  flows: Parameters<typeof prepareDatabase>[1],
  onTestFinished: (cleanUp: () => Promise<void> | void) => void,
): Promise<{ database: TestDatabase; courier: FakeCourier; processes: ReturnType<typeof createProcessGroup> }> {
  const database = await createTestDatabase(dialect);
  onTestFinished(() => database.drop());
  await prepareDatabase(database.config, flows);
  const courier = await startFakeCourier();
  onTestFinished(() => courier.close());
  const processes = createProcessGroup();
  onTestFinished(() => processes.killAll());
  return { database, courier, processes };
}

/** A paid order as the shop sends it (unpaid when `paid` is false). */
export function orderBody(platformOrderNo: string, paid = true): string {
  return JSON.stringify({
    shop: "durability",
    platformOrderNo,
    paymentStatus: paid ? "paid" : "unpaid",
    buyer: { name: "张三", phone: "13812345678" },
    address: { province: "上海市", city: "上海市", district: "浦东新区", detail: "世纪大道100号" },
    lines: [{ sku: "TEA-LJ-250", quantity: 1, unitPrice: 128 }],
    total: 128,
  });
}

/** Posts one signed webhook; the answer's status and body. Throws when the connection fails. */
export async function postWebhook(serverUrl: string, body: string, signature = signBody(body)): Promise<{ status: number; text: string }> {
  const response = await fetch(`${serverUrl}/webhooks/${SIGNED_SHOP}`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-signature": signature },
    body,
    signal: AbortSignal.timeout(20_000),
  });
  return { status: response.status, text: await response.text() };
}

/**
 * Sends a webhook as a platform does: again, after a pause, until it is
 * acknowledged (200), to whichever server `target()` names at the time (a
 * restarted server listens on a new port). A 4xx answer is final and thrown.
 */
export async function deliverWebhook(target: () => string | undefined, body: string, deadline: number): Promise<void> {
  for (;;) {
    const url = target();
    const answer = url ? await postWebhook(url, body).catch(() => undefined) : undefined;
    if (answer?.status === 200) return;
    if (answer && answer.status < 500) throw new Error(`webhook answered ${answer.status}: ${answer.text}`);
    if (Date.now() > deadline) throw new Error(`webhook not acknowledged in time (last answer: ${answer ? answer.status : "no connection"})`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Polls `check` until it returns something other than undefined/false; fails naming `what` and, when given, what `lastSeen` reports. */
export async function until<T>(what: string, check: () => Promise<T | undefined | false>, timeoutMs: number, lastSeen?: () => Promise<unknown>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check().catch(() => undefined);
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs / 1000} s${lastSeen ? `; last seen ${JSON.stringify(await lastSeen().catch((e) => String(e)))}` : ""}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** The server's public /metrics as { "orderflow_instances{status=\"completed\"}": 3, … }. */
export async function metrics(serverUrl: string): Promise<Record<string, number>> {
  const text = await (await fetch(`${serverUrl}/metrics`, { signal: AbortSignal.timeout(10_000) })).text();
  const values: Record<string, number> = {};
  for (const line of text.split("\n")) {
    const match = /^(\S+) (\d+(?:\.\d+)?)$/.exec(line);
    if (match) values[match[1]!] = Number(match[2]);
  }
  return values;
}
