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
import { sql } from "kysely";
import { flushBatch, inExecutionTransaction, type Execution } from "../execution/apply-step";
import { createWriteBatch } from "../execution/write-batch";
import { lostRace } from "../storage/database";
import { createGroupCommit } from "../storage/group-commit";
import { json, recordset, textArray } from "../storage/json";
import { localDay, orderIdsEndingAt } from "../storage/orders";
import { prepared } from "../storage/prepared-statements";
import { receiveOrdersIn, type IncomingOrder } from "./receive-order";

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

/** A request carrying several events (a platform's batched push): each is taken in on its own, by its own dedupe key. */
export interface WebhookBatch {
  kind: "batch";
  dedupeKey: null;
  events: WebhookContent[];
}

export interface WebhookSource {
  /** The connector's id, e.g. "taobao". */
  id: string;
  /** Checks the signature and reads the body; throws WebhookRejected when either fails. */
  read(request: WebhookRequest): WebhookContent | WebhookBatch;
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
  /**
   * `orderId`: the order the request created. A batch that created orders
   * lists them all in `orderIds`, in the order of its events, and names the
   * first in `orderId` too, so a reader of single pushes reads a batch alike.
   */
  | { status: "accepted"; httpStatus: 200; orderId?: string; orderIds?: string[]; instances?: string[] }
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

  let content: WebhookContent | WebhookBatch;
  try {
    content = source.read(request);
  } catch (error) {
    const rejected = error instanceof WebhookRejected ? error : new WebhookRejected(400, `the request could not be read: ${error instanceof Error ? error.message : String(error)}`);
    await keep(execution, source.id, request, "rejected", null, rejected.message);
    return { status: "rejected", httpStatus: rejected.status, error: rejected.message };
  }
  const store = storing(execution);
  if (content.kind !== "batch") return store({ source: source.id, request, content });
  // Each event of a batch is kept with the request it came in, under its own dedupe key.
  return batchReceipt(await Promise.all(content.events.map((event) => store({ source: source.id, request, content: event }))));
}

/** A batch is accepted when any of its events was new (their orders and instances together), a duplicate when none was. */
function batchReceipt(receipts: readonly WebhookReceipt[]): WebhookReceipt {
  const accepted = receipts.filter((r): r is WebhookReceipt & { status: "accepted" } => r.status === "accepted");
  if (accepted.length === 0) return { status: "duplicate", httpStatus: 200 };
  const orderIds = accepted.flatMap((r) => (r.orderId === undefined ? [] : [r.orderId]));
  const instances = accepted.flatMap((r) => r.instances ?? []);
  return { status: "accepted", httpStatus: 200, ...(orderIds.length > 0 ? { orderId: orderIds[0], orderIds } : {}), ...(instances.length > 0 ? { instances } : {}) };
}

/**
 * Events a connector's poller found (orders a platform's API listed), taken
 * in exactly as webhooks are: each kept (its event as the body), repeats
 * recognised by their dedupe key, and what they set off stored in the same
 * transactions.
 */
export function receivePolled(execution: Execution, sourceId: string, events: readonly WebhookContent[]): Promise<WebhookReceipt[]> {
  const store = storing(execution);
  return Promise.all(events.map((content) => store({ source: sourceId, request: { headers: { "x-orderflow-via": "poll" }, body: JSON.stringify(content) }, content })));
}

interface ReadRequest {
  source: string;
  request: WebhookRequest;
  content: WebhookContent;
}

/** One group commit per execution: concurrent webhooks share transactions, `execution.lanes` of them open at once. */
const queues = new WeakMap<Execution, (request: ReadRequest) => Promise<WebhookReceipt>>();

function storing(execution: Execution) {
  let store = queues.get(execution);
  if (!store) {
    store = createGroupCommit((requests: ReadRequest[]) => storeAll(execution, requests), { lanes: execution.lanes });
    queues.set(execution, store);
  }
  return store;
}

const RACES_LOST = 5;

/**
 * Stores a group of requests, each with what it sets off: the new ones in
 * one transaction, the duplicates (seen before, or earlier in the group)
 * marked as such. Should another transaction (another lane, another
 * process) store one of the same requests first, the group's statement
 * fails on the unique key and the group is done again, from the duplicate
 * check, which then finds it.
 */
async function storeAll(execution: Execution, requests: readonly ReadRequest[]): Promise<WebhookReceipt[]> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await storeAdmitted(execution, await admit(execution, requests));
    } catch (error) {
      if (!lostRace(error) || attempt >= RACES_LOST) throw error;
    }
  }
}

/** What a group's requests are, found before its transaction: the new ones and the global ids of the orders among them. */
interface Admitted {
  requests: readonly ReadRequest[];
  fresh: Set<ReadRequest>;
  orderIds: string[];
}

/**
 * Tells the new requests from the ones seen before (accepted earlier, or
 * earlier in the same group) and numbers the new orders, in one statement
 * just before the group's transaction and outside it (as order numbering
 * asks). An order stored before under another request keeps its number
 * unused.
 */
async function admit(execution: Execution, requests: readonly ReadRequest[]): Promise<Admitted> {
  const keys = [...new Set(requests.map(({ content }) => content.dedupeKey).filter((key): key is string => key !== null))];
  const orderKeys = [...new Set(requests.flatMap(({ content }) => (content.kind === "order" ? [content.dedupeKey] : [])))];
  if (keys.length === 0) return { requests, fresh: new Set(requests), orderIds: [] };
  const day = localDay(execution.clock());
  const { rows } = await prepared(sql<{ seen: string[]; last: number | null }>`with
    seen as (select dedupe_key from inbound_events where dedupe_key = any(${textArray(keys)}) and status = 'accepted'),
    numbered as (insert into order_counters (day, last)
      select ${day}, count(*) from json_array_elements_text(${JSON.stringify(orderKeys)}) as k (value)
      where k.value not in (select dedupe_key from seen) having count(*) > 0
      on conflict (day) do update set last = order_counters.last + excluded.last
      returning last)
    select coalesce((select json_agg(dedupe_key) from seen), '[]') as seen, (select last from numbered) as last`).execute(execution.db);
  const seen = new Set(rows[0]!.seen);
  const fresh = new Set<ReadRequest>();
  for (const request of requests) {
    const key = request.content.dedupeKey;
    if (key !== null && seen.has(key)) continue;
    if (key !== null) seen.add(key);
    fresh.add(request);
  }
  const orders = [...fresh].filter(({ content }) => content.kind === "order").length;
  return { requests, fresh, orderIds: orders === 0 ? [] : orderIdsEndingAt(day, Number(rows[0]!.last), orders) };
}

/**
 * Stores the group's requests, the new ones with what they set off, in one
 * transaction whose last statement stores the requests themselves, the
 * duplicates among them marked as such (the duplicates alone in one
 * statement when nothing is new).
 */
async function storeAdmitted(execution: Execution, { requests, fresh, orderIds }: Admitted): Promise<WebhookReceipt[]> {
  const at = execution.clock();
  const receipts = new Map<ReadRequest, WebhookReceipt>();
  /** The instance each stored request started. */
  const startedBy = new Map<ReadRequest, string>();
  const stored = () =>
    sql`insert into inbound_events (source, dedupe_key, status, headers, body, received_at, instance_id)
      select source, dedupe_key, status, headers, body, received_at, instance_id
      from ${recordset(
        // In the order received (their ids tell it).
        requests.map((read) => ({
          source: read.source,
          dedupe_key: read.content.dedupeKey,
          status: fresh.has(read) ? "accepted" : "duplicate",
          headers: read.request.headers,
          body: withoutNul(read.request.body),
          received_at: at,
          instance_id: startedBy.get(read) ?? null,
        })),
        "source text, dedupe_key text, status text, headers jsonb, body text, received_at timestamptz, instance_id text",
      )}`;

  if (fresh.size === 0) {
    await stored().execute(execution.db);
    return requests.map(() => ({ status: "duplicate", httpStatus: 200 }));
  }
  await inExecutionTransaction(execution, async (tx) => {
    const batch = createWriteBatch();
    const orders = [...fresh].filter((r): r is ReadRequest & { content: { kind: "order" } } => r.content.kind === "order");
    const received = await receiveOrdersIn(
      execution,
      tx,
      batch,
      orders.map(({ source, content }, index) => ({ order: content.order, orderId: orderIds[index]!, actor: `webhook:${source}` })),
    );
    orders.forEach((request, index) => {
      const receipt = received[index]!;
      const instances = receipt.status === "created" ? receipt.instances : [];
      if (instances[0]) startedBy.set(request, instances[0]);
      receipts.set(request, { status: "accepted", httpStatus: 200, orderId: receipt.orderId, instances });
    });
    for (const request of fresh) {
      if (request.content.kind === "message") {
        const { event, correlation, payload, dedupeKey } = request.content;
        batch.enqueue(null, { key: `publish:${dedupeKey}`, type: "publish", payload: { event, correlation, payload }, dueAt: at, maxAttempts: 10 });
      }
      if (request.content.kind !== "order") receipts.set(request, { status: "accepted", httpStatus: 200 });
    }
    batch.also("stored_requests", stored());
    await flushBatch(execution, tx, batch);
  });
  return requests.map((request) => receipts.get(request) ?? { status: "duplicate", httpStatus: 200 });
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
