/**
 * The worker's way to the connectors installed in this server: calls are
 * dispatched by connector id. A flow that names a connector not installed
 * gets a clear error that no retry can cure, so the order stops in the
 * exceptions list rather than waiting for nothing.
 */
import type { EffectOf } from "@orderflow/engine";
import type { Transaction } from "kysely";
import type { Database } from "../storage/schema";
import type { ConnectorCall, ConnectorOutcome, ConnectorRuntime } from "./worker";
import type { WriteBatch } from "./write-batch";

export interface InstalledConnector {
  /** What kind of connector it is; SDK connectors carry their declaration (the built-in `courier` quotes those of category courier). */
  readonly definition?: { readonly category: string };
  invoke(call: ConnectorCall): Promise<ConnectorOutcome>;
  /** Notification connectors (DingTalk, WeCom, e-mail, SMS) also deliver messages. */
  notify?(notification: EffectOf<"notify">, idempotencyKey: string): Promise<ConnectorOutcome>;
  /** Actions whose whole work is in the server's own database may run in the transaction of the step that calls them. */
  inline?: InlineActions;
}

/**
 * Actions done in the caller's transaction (the built-in inventory): an
 * order's reservation commits together with the order that asked for it,
 * instead of waiting for a worker to claim the call after that commit. The
 * result is the same as by `invoke`; only the number of commits differs.
 */
export interface InlineActions {
  runsInline(action: string): boolean;
  /**
   * Carries out the calls, in `tx`, with one outcome per call. Throws only
   * on database trouble; the transaction is then rolled back and done again
   * with the calls left to the workers. Writes may join `batch`'s statement
   * (the transaction's, written once the calls are done) instead of being
   * made at once.
   */
  invokeAllIn(tx: Transaction<Database>, calls: readonly ConnectorCall[], batch?: WriteBatch): Promise<ConnectorOutcome[]>;
}

/** The inline actions of the installed connectors, by connector id (what `Execution.inline` takes). */
export function inlineActionsOf(installed: Record<string, InstalledConnector>): Record<string, InlineActions> {
  return Object.fromEntries(Object.entries(installed).flatMap(([id, connector]) => (connector.inline ? [[id, connector.inline]] : [])));
}

/**
 * @param connectors what is installed, by the name flows use; a function is asked at every call (installations change while the server runs)
 * @param defaultChannel the notification connector used when a flow names none.
 */
export function createConnectorRuntime(connectors: Readonly<Record<string, InstalledConnector>> | (() => Readonly<Record<string, InstalledConnector>>), defaultChannel?: string): ConnectorRuntime {
  const current = typeof connectors === "function" ? connectors : () => connectors;
  const missing = (id: string, what: string): ConnectorOutcome => ({
    ok: false,
    error: { code: "connector_not_installed", message: `No connector "${id}" is installed for ${what}: install it, or change the flow to use one of ${Object.keys(current()).join(", ") || "(none installed)"}` },
    retryable: false,
  });
  return {
    invoke(call) {
      const connector = current()[call.connector];
      return connector ? connector.invoke(call) : Promise.resolve(missing(call.connector, `${call.connector}.${call.action}`));
    },
    notify(notification, key) {
      const id = notification.channel ?? defaultChannel;
      if (!id) {
        return Promise.resolve({ ok: false, error: { code: "no_channel", message: "The notification names no channel and no default channel is set" }, retryable: false });
      }
      const connector = current()[id];
      if (!connector?.notify) return Promise.resolve(missing(id, "notifications"));
      return connector.notify(notification, key);
    },
  };
}
