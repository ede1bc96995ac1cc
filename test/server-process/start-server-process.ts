/**
 * Starting server-process.ts as a child process, and preparing the database
 * it will serve. Used by the server bench and the durability tests. The
 * child runs the server as `npm start` does: bundled into plain JavaScript
 * (runtime-server/scripts/build.ts), not through a TypeScript loader.
 *
 * @example
 * await prepareDatabase({ dataDir }, [{ document: flow }]);
 * const server = await forkServerProcess(["--pglite", dataDir]);
 * await fetch(`${server.url}/health`);
 * server.kill(); // SIGKILL, as a crash
 * await server.exited;
 */
import { fork } from "node:child_process";
import { randomUUID } from "node:crypto";
import { rename } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { threadId } from "node:worker_threads";
import { validateFlow } from "@orderflow/engine/definition";
import { createDatabase, migrateToLatest, type DatabaseConfig } from "../../runtime-server/src/index";
import { receiveStock } from "../../runtime-server/src/inventory/stock";
import { saveWarehouse, type WarehouseInput } from "../../runtime-server/src/inventory/warehouses";
import { publishVersion } from "../../runtime-server/src/storage/flows";
import { bundleServer } from "../../runtime-server/scripts/build";

export interface ServerProcess {
  url: string;
  pid: number;
  /** `${hostname}:${pid}`, as the server writes it in lease_owner and schedule_firings. */
  owner: string;
  /** Up to 20 warnings and errors it logged, known once it has stopped cleanly. */
  logged: string[];
  /** Resolves with the exit code (or signal) once the process is gone. */
  exited: Promise<number | NodeJS.Signals | null>;
  /** Asks for a clean stop; kills it if it has not stopped within 20 s. */
  stop(): Promise<void>;
  /** Kills it at once (SIGKILL): no cleanup, as a crash or a pulled plug. */
  kill(): void;
}

/**
 * Forks server-process.ts with `args` and resolves once it listens.
 * `onMessage` sees its other reports (RSS and CPU samples).
 */
export async function forkServerProcess(args: string[], options: { onMessage?: (message: Record<string, unknown>) => void; execArgv?: string[] } = {}): Promise<ServerProcess> {
  const child = fork(await serverProcessBundle(), args, {
    execArgv: options.execArgv ?? [],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  let gone = false;
  const exited = new Promise<number | NodeJS.Signals | null>((resolve) => child.once("exit", (code, signal) => ((gone = true), resolve(code ?? signal))));
  const state = { url: "", owner: "", logged: [] as string[] };
  const kill = () => {
    if (!gone) child.kill("SIGKILL");
  };
  const ready = new Promise<void>((resolve, reject) => {
    void exited.then((code) => reject(new Error(`the server process exited (${code}) before it was ready`)));
    child.on("message", (message: Record<string, unknown>) => {
      if (message.ready) (state.url = String(message.url)), (state.owner = String(message.owner)), resolve();
      if (message.stopped) state.logged = message.logged as string[];
      options.onMessage?.(message);
    });
  });
  let timer: NodeJS.Timeout | undefined;
  const tooLate = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error("the server process was not ready within 120 s")), 120_000);
  });
  try {
    await Promise.race([ready, tooLate]);
  } catch (error) {
    kill();
    throw error;
  } finally {
    clearTimeout(timer);
  }
  return {
    url: state.url,
    pid: child.pid!,
    owner: state.owner,
    get logged() {
      return state.logged;
    },
    exited,
    kill,
    async stop() {
      if (gone) return;
      if (child.connected) child.send("stop");
      else child.kill("SIGTERM");
      const killing = setTimeout(kill, 20_000);
      await exited;
      clearTimeout(killing);
    },
  };
}

/**
 * Migrates the database and publishes each flow document (at `publishedAt`,
 * default now), before any server process opens it. A document that does not
 * validate is refused with its problems.
 */
/** Stock for the built-in inventory: warehouses, and units of each SKU in each. */
export interface StockToPrepare {
  warehouses: WarehouseInput[];
  units: { sku: string; warehouse: string; quantity: number }[];
}

export async function prepareDatabase(database: DatabaseConfig, flows: { document: unknown; publishedAt?: Date }[], stock?: StockToPrepare): Promise<void> {
  const valid = flows.map(({ document, publishedAt }) => {
    const { ok, flow, problems } = validateFlow(document);
    if (!ok || !flow) throw new Error(`the flow cannot be published: ${problems.map((p) => `${p.pointer} ${p.message}`).join("; ")}`);
    return { flow, publishedAt };
  });
  const storage = await createDatabase(database);
  try {
    await migrateToLatest(storage.db);
    await storage.db.transaction().execute(async (tx) => {
      for (const { flow, publishedAt } of valid) await publishVersion(tx, flow, { at: publishedAt ?? new Date(), by: "test" });
    });
    for (const warehouse of stock?.warehouses ?? []) await saveWarehouse(storage.db, warehouse);
    for (const units of stock?.units ?? []) await receiveStock(storage.db, units, { actor: "test", reason: "prepared stock" });
  } finally {
    await storage.close();
  }
}

let bundle: Promise<string> | undefined;

/**
 * server-process.ts bundled from the sources as they are now, once per
 * calling process. It is written beside the source (Node finds PGlite in
 * node_modules from there) under a name of its own, then renamed into
 * place: processes building at once (test files run in parallel) each
 * replace the file whole, with the same content.
 */
function serverProcessBundle(): Promise<string> {
  bundle ??= (async () => {
    const outfile = fileURLToPath(new URL("./dist/server-process.mjs", import.meta.url));
    const building = `${outfile}.${process.pid}.${threadId}.${randomUUID()}.mjs`;
    await bundleServer(fileURLToPath(new URL("./server-process.ts", import.meta.url)), building);
    await rename(building, outfile);
    return outfile;
  })();
  return bundle;
}
