/**
 * The shapes the runtime server calls, restated here so the SDK never
 * imports the server: they must stay structurally equal to the server's
 * `ConnectorCall` / `ConnectorOutcome` (execution/worker.ts),
 * `InstalledConnector` (execution/connector-registry.ts) and `WebhookSource`
 * / `WebhookContent` / `WebhookBatch` (intake/receive-webhook.ts). A test in test/ checks
 * the match with the compiler.
 */
import type { IncomingOrderShape } from "../canonical-order/canonical-order";
import type { Notification } from "../definition/connector";
import type { WebhookRequest } from "../definition/triggers";

export interface ConnectorCall {
  connector: string;
  action: string;
  input: Record<string, unknown>;
  idempotencyKey: string;
  attempt: number;
  timeoutMs: number;
}

export type ConnectorOutcome =
  | { ok: true; output: unknown }
  | { ok: false; error: { message: string; code?: string }; retryable: boolean; retryAfterMs?: number };

/** A trigger event as the host's intake takes it: a canonical order becomes its IncomingOrder. */
export type HostEvent =
  | { kind: "order"; dedupeKey: string; order: IncomingOrderShape }
  | { kind: "message"; dedupeKey: string; event: string; correlation: unknown; payload?: unknown }
  | { kind: "ignored"; dedupeKey: string | null; reason: string };

/** What one webhook request brings: an event, or a batch of them (a push carrying several), each taken in on its own. */
export type HostWebhookContent = HostEvent | { kind: "batch"; dedupeKey: null; events: HostEvent[] };

export interface HostWebhookSource {
  id: string;
  read(request: WebhookRequest): HostWebhookContent;
}

export interface HostInstalledConnector {
  invoke(call: ConnectorCall): Promise<ConnectorOutcome>;
  notify?(notification: Notification, idempotencyKey: string): Promise<ConnectorOutcome>;
}
