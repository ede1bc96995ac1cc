/**
 * Triggers bring orders and notices in. A webhook trigger reads what the
 * platform pushes (signature first, then the body); a polling trigger
 * lists what changed since its cursor and, now and then, reconciles a wider
 * window to backfill whatever a missed webhook left out. Both yield the same
 * events, each with a dedupe key, so the host can take an order exactly once
 * whichever way it came.
 */
import type { CanonicalOrder } from "../canonical-order/canonical-order";
import type { HttpClient } from "../http/http-client";
import type { LocalizedText } from "../localized";
import type { Props, PropsValue } from "../props/prop";
import type { ConnectorStore } from "../store";
import { assertId, assertLocalized } from "./declaration-checks";

/** What a trigger yields for one thing the platform told. */
export type TriggerEvent =
  | { kind: "order"; dedupeKey: string; order: CanonicalOrder }
  | { kind: "message"; dedupeKey: string; event: string; correlation: unknown; payload?: unknown }
  /** A notice no flow needs (a test ping, an event type not handled); acknowledged and kept. */
  | { kind: "ignored"; dedupeKey: string | null; reason: string };

export interface WebhookRequest {
  /** Names in lower case, as Node and Hono give them. */
  headers: Record<string, string>;
  body: string;
}

export interface TriggerContext<S> {
  settings: S;
  store: ConnectorStore;
  clock: () => Date;
}

/** Thrown by `verify` or `parse` to refuse a request; the host answers with `status`. */
export class WebhookRejection extends Error {
  constructor(
    readonly status: 400 | 401 | 422,
    message: string,
  ) {
    super(message);
    this.name = "WebhookRejection";
  }
}

/** @example if (!signaturesMatch(got, want)) rejectWebhook(401, "the x-signature header does not match the body") */
export function rejectWebhook(status: 400 | 401 | 422, reason: string): never {
  throw new WebhookRejection(status, reason);
}

/** A header by name, whatever its case. */
export function headerOf(request: WebhookRequest, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(request.headers)) if (key.toLowerCase() === wanted) return value;
  return undefined;
}

interface TriggerBase<S extends Props> {
  readonly id: string;
  readonly name: LocalizedText;
  readonly description?: LocalizedText;
  /** Only for typing `settings`; must be part of the connector's settings. */
  readonly settings?: S;
}

export interface WebhookTriggerDefinition<S extends Props = Props> extends TriggerBase<S> {
  readonly kind: "webhook";
  /** Checks the platform's signature (and replay window); throws `rejectWebhook(401, why)` when it fails. */
  verify(request: WebhookRequest, context: TriggerContext<PropsValue<S>>): void;
  /**
   * Reads a verified request; throws `rejectWebhook(422, why)` for a body it cannot map. A delivery
   * carrying several things (a platform's batched push) yields a list, one event each, each with its
   * own dedupe key.
   */
  parse(request: WebhookRequest, context: TriggerContext<PropsValue<S>>): TriggerEvent | TriggerEvent[];
  /** How the platform signs a delivery (headers to add); used by simulators and the contract test. */
  sign?(body: string, context: TriggerContext<PropsValue<S>>): Record<string, string>;
  /** Instead of `sign`, for a platform that signs inside the body (a form carrying the content and its digest): the delivery it makes of `content`. */
  signBody?(content: string, context: TriggerContext<PropsValue<S>>): SignedBody;
}

/** A delivery signed inside its body; `headers` are any the platform adds besides. */
export interface SignedBody {
  body: string;
  headers?: Record<string, string>;
}

export interface PollWindow {
  since: Date;
  until: Date;
  /** The page to fetch; absent for the first. */
  pageToken?: string;
}

export interface PollingContext<S> extends TriggerContext<S> {
  http: HttpClient;
}

export interface PollingTriggerDefinition<S extends Props = Props, Item = unknown> extends TriggerBase<S> {
  readonly kind: "polling";
  /** How often the host polls. */
  readonly intervalMs: number;
  /** How far back each poll reaches before its cursor, for items the platform lists late. */
  readonly overlapMs: number;
  /** How far back a reconciliation reaches. */
  readonly reconcileWindowMs: number;
  /** How far back the very first poll reaches. */
  readonly firstLookbackMs: number;
  /**
   * Whether an installation with these settings runs the trigger (e.g. only
   * when an optional listing URL is set); always when left out. A trigger
   * that does not run gets no poller, so the host neither polls it nor
   * offers it as a connection test.
   */
  runsWhen?(settings: PropsValue<S>): boolean;
  /** One page of items changed within the window. */
  fetch(context: PollingContext<PropsValue<S>>, window: PollWindow): Promise<{ items: Item[]; nextPageToken?: string }>;
  toEvent(item: Item, context: PollingContext<PropsValue<S>>): TriggerEvent;
}

export type TriggerDefinition = WebhookTriggerDefinition<any> | PollingTriggerDefinition<any, any>;

function checkBase(declaration: { id: string; name: LocalizedText; description?: LocalizedText }): void {
  assertId(declaration.id, "Trigger");
  assertLocalized(declaration.name, `Trigger "${declaration.id}" name`);
  if (declaration.description) assertLocalized(declaration.description, `Trigger "${declaration.id}" description`);
}

export function defineWebhookTrigger<S extends Props = Props>(declaration: Omit<WebhookTriggerDefinition<S>, "kind">): WebhookTriggerDefinition<S> {
  checkBase(declaration);
  return Object.freeze({ ...declaration, kind: "webhook" as const });
}

const MINUTE = 60_000;

export function definePollingTrigger<S extends Props = Props, Item = unknown>(
  declaration: Omit<PollingTriggerDefinition<S, Item>, "kind" | "overlapMs" | "reconcileWindowMs" | "firstLookbackMs"> &
    Partial<Pick<PollingTriggerDefinition<S, Item>, "overlapMs" | "reconcileWindowMs" | "firstLookbackMs">>,
): PollingTriggerDefinition<S, Item> {
  checkBase(declaration);
  const trigger = { overlapMs: 5 * MINUTE, reconcileWindowMs: 24 * 60 * MINUTE, firstLookbackMs: 60 * MINUTE, ...declaration, kind: "polling" as const };
  for (const field of ["intervalMs", "overlapMs", "reconcileWindowMs", "firstLookbackMs"] as const) {
    if (!(trigger[field] > 0)) throw new RangeError(`Trigger "${declaration.id}": ${field} must be a positive number of milliseconds`);
  }
  if (trigger.reconcileWindowMs < trigger.overlapMs) throw new RangeError(`Trigger "${declaration.id}": reconcileWindowMs must be at least overlapMs`);
  return Object.freeze(trigger);
}
