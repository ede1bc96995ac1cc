/**
 * The runtime server assembled: storage (migrated at start), the HTTP API,
 * the outbox worker and the schedule ticker, sharing one Execution. Any
 * number of these may run against one PostgreSQL; the embedded PGlite
 * serves one process.
 *
 * @example
 * const server = await startServer({ database: { dataDir: ".orderflow/data" }, port: 3000 });
 * // …
 * await server.stop();
 */
import { serve, type ServerType } from "@hono/node-server";
import { hostname } from "node:os";
import { fileURLToPath } from "node:url";
import { firstAdminSetup } from "./auth/first-admin";
import { loadDemo } from "./demo/demo-data";
import type { Execution } from "./execution/apply-step";
import { createConnectorRuntime, inlineActionsOf, type InstalledConnector } from "./execution/connector-registry";
import { createConnectorDirectory } from "./installations/connector-directory";
import { createInstallationService } from "./installations/installation-service";
import { loadSecretKey } from "./installations/secret-key";
import { createFlowVersions } from "./execution/flow-versions";
import { createScheduler } from "./execution/scheduler";
import { createWorker } from "./execution/worker";
import { createApp } from "./http/app";
import { directoryFiles } from "./http/designer-files";
import { startDemoConnectors, type DemoConnectors } from "./demo/demo-connectors";
import type { PolledSource } from "./intake/poll-sources";
import { createInventoryConnector } from "./inventory/connector";
import type { WebhookSource } from "./intake/receive-webhook";
import { createLiveUpdates } from "./live/live-updates";
import { publishSteps } from "./live/step-events";
import { createLogger, type Logger } from "./observability/logger";
import { createDatabase, type DatabaseConfig } from "./storage/database";
import { migrateToLatest } from "./storage/migrate";

export interface ServerConfig {
  database: DatabaseConfig;
  port: number;
  host?: string;
  /** Load the demo flow and stock into a database without flows, and run the demo's connectors against simulators. */
  demo?: boolean;
  /** Mark session cookies Secure (behind HTTPS). */
  secureCookies?: boolean;
  /** The designer's build, served at /. Default: this repository's designer/dist (`npm start` builds it when it is missing or stale). */
  designerDir?: string;
  /**
   * The key that seals connector installations' secrets (32 bytes, base64; main.ts reads ORDERFLOW_SECRET_KEY).
   * Without it the embedded database keeps one in its data directory; PostgreSQL then has none (see installations/secret-key.ts).
   */
  secretKey?: string;
  /** How often to pick up connector installations other processes changed; default 30 s. */
  installationsRefreshMs?: number;
  /** Installed in code beside the built-in `inventory` (which one of the same id replaces) and the installations stored in the database. */
  connectors?: Record<string, InstalledConnector>;
  defaultNotificationChannel?: string;
  webhookSources?: Record<string, WebhookSource>;
  /** Polling triggers of installed connectors, run at their intervals (their events taken in as webhooks are). */
  pollSources?: PolledSource[];
  log?: Logger;
  /** Text for the person starting the server (how to create the first admin). Default: printed on the console as is. */
  announce?: (text: string) => void;
  /** How often the schedule ticker looks for due schedules. */
  scheduleEveryMs?: number;
  /**
   * How long a claimed outbox row stays this process's (default 60 s). When a
   * process dies, its rows wait this long before another takes them over, so
   * keep it short where connector calls are quick, and longer than the
   * slowest connector timeout, or a slow call may be made twice.
   */
  workerLeaseMs?: number;
}

const DEFAULT_DESIGNER_DIR = fileURLToPath(new URL("../../designer/dist", import.meta.url));

export interface RunningServer {
  url: string;
  stop(): Promise<void>;
}

/**
 * Intake transactions open at once on PostgreSQL. Measured with
 * `npm run bench:server` on two vCPUs, in orders/s: one lane 310, two
 * 410–509, three 452–501, four and six less (they only add contention).
 */
const POSTGRES_INTAKE_LANES = 2;

export async function startServer(config: ServerConfig): Promise<RunningServer> {
  const log = config.log ?? createLogger();
  const storage = await createDatabase(config.database);
  const applied = await migrateToLatest(storage.db);
  if (applied.length > 0) log.info("database migrated", { migrations: applied });
  const live = await createLiveUpdates(storage, (error) => log.warn("live update lost", { error }));
  const execution: Execution = {
    db: storage.db,
    flows: createFlowVersions(),
    clock: () => new Date(),
    afterCommit: (changes) => void publishSteps(storage.db, live, changes),
    lanes: storage.dialect === "postgres" ? POSTGRES_INTAKE_LANES : 1,
  };
  let demo: DemoConnectors | undefined;
  if (config.demo) {
    const loaded = await loadDemo(execution);
    if (loaded) log.info("demo data loaded", loaded);
    demo = await startDemoConnectors(storage.db, { placeOrder: loaded !== undefined, log });
    log.info("demo simulators started: the demo's connectors talk to them", demo.endpoints);
  }

  const owner = `${hostname()}:${process.pid}`;
  const key = await loadSecretKey({ configured: config.secretKey, dataDir: "dataDir" in config.database ? config.database.dataDir : undefined, inMemory: config.database.databaseUrl === undefined });
  if (key.box) log.info(`connector secrets are sealed with the key from ${key.where}${key.created ? " (made just now)" : ""}: keep it safe and back it up apart from the database; losing it loses the stored secrets`);
  else log.warn(`no secret key (${key.where}): connector installations with secrets cannot be saved or started; set ORDERFLOW_SECRET_KEY (openssl rand -base64 32)`);
  // The inventory is built in (it keeps its stock in the server's own database); the directory adds the
  // installations stored in the database, `channel`, which hands a flow's call to the order's sales connector,
  // and `courier`, which chooses among the installed couriers and hands courier calls to the one chosen.
  const codeConnectors = { inventory: createInventoryConnector(storage.db), ...demo?.connectors, ...config.connectors };
  // From here on the inventory's actions run in the transaction of the step that calls them.
  execution.inline = inlineActionsOf(codeConnectors);
  const directory = createConnectorDirectory({
    execution,
    box: key.box,
    code: {
      connectors: codeConnectors,
      webhookSources: { ...demo?.webhookSources, ...config.webhookSources },
      pollSources: [...(demo?.pollSources ?? []), ...(config.pollSources ?? [])],
    },
    log,
    refreshEveryMs: config.installationsRefreshMs,
  });
  await directory.refresh();
  const worker = createWorker({
    execution,
    connectors: createConnectorRuntime(() => directory.connectors(), config.defaultNotificationChannel ?? demo?.defaultNotificationChannel),
    owner,
    leaseMs: config.workerLeaseMs,
  });
  const scheduler = createScheduler(execution, owner);
  const setup = await firstAdminSetup(storage.db);
  const designer = directoryFiles(config.designerDir ?? DEFAULT_DESIGNER_DIR);
  const designerBuilt = (await designer.read("index.html")) !== undefined;
  const app = createApp({
    execution,
    secureCookies: config.secureCookies ?? false,
    setupCode: setup?.code,
    webhookSources: () => directory.webhookSources(),
    installations: createInstallationService({ db: storage.db, clock: execution.clock, box: key.box, directory }),
    live,
    designer,
    reportError: ({ requestId, method, path, error }) => log.error("request failed", { requestId, method, path, error }),
  });

  const server: ServerType = await new Promise((resolve) => {
    const started = serve({ fetch: app.fetch, port: config.port, hostname: config.host ?? "127.0.0.1" }, () => resolve(started));
  });
  const address = server.address();
  const url = `http://${config.host ?? "127.0.0.1"}:${typeof address === "object" && address ? address.port : config.port}`;

  worker.start();
  directory.start();
  demo?.serverListening(url);
  const ticking = setInterval(() => {
    scheduler.tick().catch((error) => log.error("schedule tick failed", { error }));
  }, config.scheduleEveryMs ?? 15_000);
  log.info("orderflow runtime server started", { url, database: storage.dialect, connectors: Object.keys(directory.connectors()), reference: `${url}/reference`, ...(designerBuilt ? { designer: `${url}/` } : {}) });
  if (!designerBuilt) log.warn(`the designer is not built (no ${designer.location}/index.html): ${url}/ says so until it is; run npm run build -w designer (npm start does it when needed)`);
  if (setup) (config.announce ?? ((text: string) => process.stdout.write(`\n${text}\n\n`)))(setup.instructions(url));
  if (Object.keys(directory.connectors()).every((name) => ["inventory", "channel", "courier"].includes(name))) {
    log.info("only the built-in inventory is installed: other connector steps fail with connector_not_installed until they are (POST /connector-installations; see connectors/README.md)");
  }

  return {
    url,
    async stop() {
      clearInterval(ticking);
      await directory.stop();
      await worker.stop();
      await demo?.close();
      await live.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await storage.close();
      log.info("orderflow runtime server stopped");
    },
  };
}
