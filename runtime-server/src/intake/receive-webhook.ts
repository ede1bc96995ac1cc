/**
 * Webhook ingress. A platform's request is acknowledged only once it is
 * durably stored: the request, its dedupe key and what it set off (a new
 * order and its flows, or a message for waiting instances) commit in one
 * transaction, and only then does the route answer 200. A duplicate is
 * stored too, marked as such, and acknowledged so the platform stops
 * sending it. A request that fails its signature check, cannot be read or is
 * too large is answered 4xx and still kept, for staff to inspect.
 *
 * Reading a request (signature scheme, payload mapping) is the connector's
 * job: it hands over a `WebhookSource`.
 */
import { inExecutionTransaction, type Execution } from "../execution/apply-step";
import { json } from "../storage/json";
import { nextOrderId } from "../storage/orders";
import { receiveOrderIn, type IncomingOrder } from "./receive-order";

export interface WebhookRequest {
  headers: Record<string, string>;
  /** The body as received. */
  body: string;
}

/** What a request means, once its signature checked out. */
export type WebhookContent =
  | { kind: "order"; dedupeKey: string; order: IncomingOrder }
  | { kind: "message"; dedupeKey: string; event: string; correlation: unknown; payload?: unknown }
  /** A notice the flows have no use for (a platform's test ping, an event type not handled); acknowledged and kept. */
  | { kind: "ignored"; dedupeKey: string | null; reason: string };

export interface WebhookSource {
  /** The connector's id, e.g. "taobao". */
  id: string;
  /** Checks the signature and reads the body; throws WebhookRejected when either fails. */
  read(request: WebhookRequest): WebhookContent;
}

export class WebhookRejected extends Error {
  constructor(
    readonly status: 400 | 401 | 422,
    message: string,
  ) {
    super(message);
    this.name = "WebhookRejected";
  }
}

export type WebhookReceipt =
  | { status: "accepted"; httpStatus: 200; orderId?: string; instances?: string[] }
  | { status: "duplicate"; httpStatus: 200 }
  | { status: "rejected"; httpStatus: 400 | 401 | 413 | 422; error: string };

/** Bodies above this are refused (413); the first part is kept for inspection. */
export const MAX_WEBHOOK_BYTES = 1024 * 1024;
const KEPT_OF_OVERSIZED = 64 * 1024;

export async function receiveWebhook(execution: Execution, source: WebhookSource, request: WebhookRequest): Promise<WebhookReceipt> {
  const size = Buffer.byteLength(request.body);
  if (size > MAX_WEBHOOK_BYTES) {
    const error = `the body is ${size} bytes; at most ${MAX_WEBHOOK_BYTES} are accepted`;
    await keep(execution, source.id, request, "rejected", null, error, request.body.slice(0, KEPT_OF_OVERSIZED));
    return { status: "rejected", httpStatus: 413, error };
  }

  let content: WebhookContent;
  try {
    content = source.read(request);
  } catch (error) {
    const rejected = error instanceof WebhookRejected ? error : new WebhookRejected(400, `the request could not be read: ${error instanceof Error ? error.message : String(error)}`);
    await keep(execution, source.id, request, "rejected", null, rejected.message);
    return { status: "rejected", httpStatus: rejected.status, error: rejected.message };
  }

  if (content.dedupeKey !== null && (await seenBefore(execution, content.dedupeKey))) {
    await keep(execution, source.id, request, "duplicate", content.dedupeKey, null);
    return { status: "duplicate", httpStatus: 200 };
  }
  // Allocated before the transaction, as nextOrderId asks.
  const orderId = content.kind === "order" ? await nextOrderId(execution.db, execution.clock()) : undefined;

  const receipt = await inExecutionTransaction(execution, async (tx): Promise<WebhookReceipt> => {
    const stored = await tx
      .insertInto("inbound_events")
      .values({ source: source.id, dedupe_key: content.dedupeKey, status: "accepted", headers: json(request.headers), body: withoutNul(request.body), received_at: execution.clock() })
      .onConflict((oc) => oc.column("dedupe_key").where("status", "=", "accepted").doNothing())
      .returning("id")
      .executeTakeFirst();
    if (!stored) return { status: "duplicate", httpStatus: 200 };
    if (content.kind === "order") {
      const received = await receiveOrderIn(execution, tx, content.order, orderId!, `webhook:${source.id}`);
      if (received.status === "duplicate") return { status: "accepted", httpStatus: 200, orderId: received.orderId, instances: [] };
      if (received.instances[0]) await tx.updateTable("inbound_events").set({ instance_id: received.instances[0] }).where("id", "=", stored.id).execute();
      return { status: "accepted", httpStatus: 200, orderId: received.orderId, instances: received.instances };
    }
    if (content.kind === "message") {
      await tx
        .insertInto("outbox")
        .values({ key: `inbound:${stored.id}`, type: "publish", payload: json({ event: content.event, correlation: content.correlation, payload: content.payload }), due_at: execution.clock(), max_attempts: 10 })
        .execute();
    }
    return { status: "accepted", httpStatus: 200 };
  });
  if (receipt.status === "duplicate") await keep(execution, source.id, request, "duplicate", content.dedupeKey, null);
  return receipt;
}

async function seenBefore(execution: Execution, dedupeKey: string): Promise<boolean> {
  const row = await execution.db.selectFrom("inbound_events").select("id").where("dedupe_key", "=", dedupeKey).where("status", "=", "accepted").executeTakeFirst();
  return row !== undefined;
}

/** Stores a request that set nothing off, as it came (or its first part), for inspection. */
async function keep(
  execution: Execution,
  source: string,
  request: WebhookRequest,
  status: "duplicate" | "rejected",
  dedupeKey: string | null,
  error: string | null,
  body = request.body,
): Promise<void> {
  await execution.db
    .insertInto("inbound_events")
    .values({ source, dedupe_key: dedupeKey, status, error, headers: json(request.headers), body: withoutNul(body), received_at: execution.clock() })
    .execute();
}

/** PostgreSQL text cannot hold NUL characters; a body with them is kept with each replaced by U+FFFD. */
function withoutNul(text: string): string {
  return text.includes("\u0000") ? text.replaceAll("\u0000", "\uFFFD") : text;
}
