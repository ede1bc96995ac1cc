/**
 * Every connector this server process runs, by the name flows call it:
 * the ones installed in code (the built-in inventory, the demo's, the
 * embedder's `config.connectors`) and the installations stored in the
 * database, each installed from its row with its secrets opened. It serves
 * the worker (`connectors()`), the webhook ingress (`webhookSources()`) and
 * runs the installations' polling triggers.
 *
 * Names: an installation answers to its id (`taobao-main`), and also to its
 * connector's id (`taobao`) while it is the only running installation of
 * that connector and nothing else has the name; `channel` routes to the
 * order's sales connector, picking the installation of the order's shop
 * when the flow passes `input.shop`; `courier` chooses among the running
 * couriers and hands courier calls to the one chosen.
 *
 * Changes made through the API take effect at once in this process
 * (`refresh()` after the change commits); other processes see them at their
 * next periodic refresh (every 30 s by default) or start.
 *
 * @example
 * const directory = createConnectorDirectory({ execution, box, code: { connectors: { inventory }, webhookSources: {}, pollSources: [] }, log });
 * await directory.refresh();
 * directory.start();
 * createConnectorRuntime(() => directory.connectors());
 */
import { installConnector, type InstalledSdkConnector, type SecretBox } from "@orderflow/connector-sdk";
import type { Execution } from "../execution/apply-step";
import { createChannelRouter } from "../execution/channel-router";
import { createCourierConnector } from "../execution/courier-connector";
import type { InstalledConnector } from "../execution/connector-registry";
import { createPollSources, type PolledSource, type PollSources } from "../intake/poll-sources";
import { WebhookRejected, type WebhookSource } from "../intake/receive-webhook";
import type { Logger } from "../observability/logger";
import { createConnectorStore } from "../storage/connector-store";
import { BUILT_IN_CONNECTORS, findConnector, type Definition } from "./catalogue";
import { listInstallationRows, type InstallationRow } from "./installation-rows";
import { openSettings } from "./installation-settings";

/** Connectors installed in code rather than through the API. */
export interface CodeInstalled {
  connectors: Readonly<Record<string, InstalledConnector>>;
  webhookSources: Readonly<Record<string, WebhookSource>>;
  pollSources: readonly PolledSource[];
}

export type InstallationState =
  | { state: "running"; webhookSources: string[] }
  | { state: "failed"; problem: string }
  /** Not running in this process: disabled, or not seen yet (another process saved it since the last refresh). */
  | { state: "stopped" };

export interface ConnectorDirectory {
  connectors(): Readonly<Record<string, InstalledConnector>>;
  webhookSources(): Readonly<Record<string, WebhookSource>>;
  /** Names taken by connectors installed in code (and `channel`): no installation may use one. */
  isReserved(name: string): boolean;
  stateOf(id: string): InstallationState;
  /** Reads the installations again and starts, restarts or stops what changed. Calls run one after another. */
  refresh(): Promise<void>;
  /** Starts polling, and the periodic refresh. */
  start(): void;
  stop(): Promise<void>;
}

export interface DirectoryOptions {
  execution: Execution;
  box: SecretBox | undefined;
  code: CodeInstalled;
  log: Logger;
  catalogue?: readonly Definition[];
  /** How often to look for changes other processes made; default 30 s. */
  refreshEveryMs?: number;
}

interface Running {
  row: InstallationRow;
  connector: InstalledSdkConnector;
  polling: PollSources;
}

const CHANNEL = "channel";
const COURIER = "courier";

export function createConnectorDirectory(options: DirectoryOptions): ConnectorDirectory {
  const { execution, box, code, log } = options;
  const catalogue = options.catalogue ?? BUILT_IN_CONNECTORS;
  const running = new Map<string, Running>();
  const failed = new Map<string, { updatedAt: number; problem: string }>();
  const codePolling = createPollSources(execution, code.pollSources, { log });
  let started = false;
  let timer: ReturnType<typeof setInterval> | undefined;
  let queue: Promise<void> = Promise.resolve();

  let names: Readonly<Record<string, InstalledConnector>> = {};
  let sources: Readonly<Record<string, WebhookSource>> = {};
  const router = createChannelRouter({
    find(channel, shop) {
      const ofShop = shop === undefined ? undefined : [...running.values()].find(({ row }) => row.connector === channel && row.shop === shop);
      return ofShop?.connector ?? names[channel];
    },
    names: () => Object.keys(names),
  });

  const courier = createCourierConnector(() => names);

  const rebuild = () => {
    const byName: Record<string, InstalledConnector> = { ...code.connectors };
    for (const [id, { connector }] of running) byName[id] = connector;
    const byConnector = new Map<string, Running[]>();
    for (const each of running.values()) byConnector.set(each.row.connector, [...(byConnector.get(each.row.connector) ?? []), each]);
    for (const [connectorId, [only, ...others]] of byConnector) {
      if (others.length === 0 && !(connectorId in byName)) byName[connectorId] = only!.connector;
    }
    names = { [CHANNEL]: router, [COURIER]: courier, ...byName };
    const bySource: Record<string, WebhookSource> = { ...code.webhookSources };
    for (const { connector } of running.values()) for (const source of Object.values(connector.webhooks)) bySource[source.id] = source;
    sources = bySource;
  };

  const isReserved = (name: string) => name === CHANNEL || name === COURIER || name in code.connectors || name in code.webhookSources;

  const install = (row: InstallationRow): Running => {
    if (isReserved(row.id)) throw new Error(`its id "${row.id}" is taken by a connector installed in code: rename the installation`);
    const definition = findConnector(row.connector, catalogue);
    if (!definition) throw new Error(`its connector "${row.connector}" is not in this server's catalogue (${catalogue.map((d) => d.id).join(", ")}): run a server that has it, or delete the installation`);
    const connector = installConnector(definition, {
      settings: openSettings(row.id, row, box),
      store: createConnectorStore(execution.db, row.id),
      installationId: row.id,
      webhookRejected: (status, message) => new WebhookRejected(status, message),
    });
    const polling = createPollSources(execution, Object.values(connector.pollers).map((poller) => ({ id: row.id, poller })), { log });
    return { row, connector, polling };
  };

  const refreshNow = async () => {
    const rows = await listInstallationRows(execution.db);
    const wanted = new Map(rows.filter((row) => row.enabled).map((row) => [row.id, row]));
    for (const [id, each] of running) {
      if (wanted.has(id)) continue;
      running.delete(id);
      await each.polling.stop();
      log.info("connector installation stopped", { installation: id, connector: each.row.connector });
    }
    for (const id of failed.keys()) if (!wanted.has(id)) failed.delete(id);
    for (const row of wanted.values()) {
      const updatedAt = row.updated_at.getTime();
      const current = running.get(row.id);
      if (current?.row.updated_at.getTime() === updatedAt || failed.get(row.id)?.updatedAt === updatedAt) continue;
      if (current) {
        running.delete(row.id);
        await current.polling.stop();
      }
      try {
        const next = install(row);
        running.set(row.id, next);
        failed.delete(row.id);
        if (started) next.polling.start();
        log.info(current ? "connector installation restarted with its new settings" : "connector installation started", { installation: row.id, connector: row.connector, shop: row.shop });
      } catch (error) {
        const problem = error instanceof Error ? error.message : String(error);
        failed.set(row.id, { updatedAt, problem });
        log.error("connector installation could not start: flows calling it fail until it is fixed", { installation: row.id, connector: row.connector, problem });
      }
    }
    rebuild();
  };

  const refresh = () => {
    queue = queue.then(refreshNow, refreshNow);
    return queue;
  };

  rebuild();
  return {
    connectors: () => names,
    webhookSources: () => sources,
    isReserved,
    stateOf(id) {
      const live = running.get(id);
      if (live) return { state: "running", webhookSources: Object.values(live.connector.webhooks).map((source) => source.id) };
      const failure = failed.get(id);
      return failure ? { state: "failed", problem: failure.problem } : { state: "stopped" };
    },
    refresh,
    start() {
      if (started) return;
      started = true;
      codePolling.start();
      for (const each of running.values()) each.polling.start();
      timer = setInterval(() => {
        refresh().catch((error: unknown) => log.warn("looking for changed connector installations failed; tried again at the next interval", { error }));
      }, options.refreshEveryMs ?? 30_000);
    },
    async stop() {
      started = false;
      clearInterval(timer);
      await queue.catch(() => {});
      await Promise.all([codePolling.stop(), ...[...running.values()].map((each) => each.polling.stop())]);
    },
  };
}
