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
import { createGroupCommit } from "../storage/group-commit";
import { json, recordset } from "../storage/json";
import { localDay, orderIdsEndingAt } from "../storage/orders";
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
    store = createGroupCommit(async (requests: ReadRequest[]) => storeAll(execution, requests, await admit(execution, requests)), { lanes: execution.lanes });
    queues.set(execution, store);
  }
  return store;
}

/** What a group's requests are, found before its transaction: the new ones and the global ids of the orders among them. */
interface Admitted {
  fresh: ReadRequest[];
  orderIds: string[];
}

/**
 * Tells the new requests from the ones seen before (accepted earlier, or
 * earlier in the same group) and numbers the new orders, in one statement
 * just before the group's transaction and outside it (as order numbering
 * asks). A request stored meanwhile by another transaction (another lane,
 * another process) is caught by the insert's unique key; its number is then
 * left unused.
 */
async function admit(execution: Execution, requests: readonly ReadRequest[]): Promise<Admitted> {
  const keys = [...new Set(requests.map(({ content }) => content.dedupeKey).filter((key): key is string => key !== null))];
  const orderKeys = [...new Set(requests.flatMap(({ content }) => (content.kind === "order" ? [content.dedupeKey] : [])))];
  if (keys.length === 0) return { fresh: [...requests], orderIds: [] };
  const day = localDay(execution.clock());
  // `= any(array(…))`: the keys are looked up in the dedupe index; `in (select …)` read every request ever stored.
  const { rows } = await sql<{ seen: string[]; last: number | null }>`with
    seen as (select dedupe_key from inbound_events where dedupe_key = any(array(select json_array_elements_text(${JSON.stringify(keys)}))) and status = 'accepted'),
    numbered as (insert into order_counters (day, last)
      select ${day}, count(*) from json_array_elements_text(${JSON.stringify(orderKeys)}) as k (value)
      where k.value not in (select dedupe_key from seen) having count(*) > 0
      on conflict (day) do update set last = order_counters.last + excluded.last
      returning last)
    select coalesce((select json_agg(dedupe_key) from seen), '[]') as seen, (select last from numbered) as last`.execute(execution.db);
  const seen = new Set(rows[0]!.seen);
  const fresh: ReadRequest[] = [];
  for (const request of requests) {
    const key = request.content.dedupeKey;
    if (key !== null && seen.has(key)) continue;
    if (key !== null) seen.add(key);
    fresh.push(request);
  }
  const orders = fresh.filter(({ content }) => content.kind === "order").length;
  return { fresh, orderIds: orders === 0 ? [] : orderIdsEndingAt(day, Number(rows[0]!.last), orders) };
}

/**
 * Stores a group's new requests, each with what it sets off, in one
 * transaction; each duplicate (seen before, or earlier in the same group)
 * kept as such once that transaction committed.
 */
async function storeAll(execution: Execution, requests: readonly ReadRequest[], { fresh, orderIds }: Admitted): Promise<WebhookReceipt[]> {
  const receipts = new Map<ReadRequest, WebhookReceipt>();
  if (fresh.length > 0) {
    await inExecutionTransaction(execution, async (tx) => {
      const at = execution.clock();
      const stored = await sql<{ id: number; dedupe_key: string | null }>`insert into inbound_events (source, dedupe_key, status, headers, body, received_at)
        select source, dedupe_key, 'accepted', headers, body, received_at
        from ${recordset(
          // In the order received (their ids tell it). Two lanes inserting the same keys in opposite orders at once
          // would wait for each other; PostgreSQL then fails one, and its requests are stored one by one.
          fresh.map(({ source, request, content }) => ({ source, dedupe_key: content.dedupeKey, headers: request.headers, body: withoutNul(request.body), received_at: at })),
          "source text, dedupe_key text, headers jsonb, body text, received_at timestamptz",
        )}
        on conflict (dedupe_key) where status = 'accepted' do nothing
        returning id, dedupe_key`.execute(tx);
      const ids = new Map(stored.rows.map((row) => [row.dedupe_key, Number(row.id)]));
      // Without a key nothing conflicts; with one, a request stored meanwhile by another process is a duplicate.
      const taken = fresh.filter(({ content }) => content.dedupeKey === null || ids.has(content.dedupeKey));

      const batch = createWriteBatch();
      const orders = taken.filter((r): r is ReadRequest & { content: { kind: "order" } } => r.content.kind === "order");
      const received = await receiveOrdersIn(
        execution,
        tx,
        batch,
        orders.map(({ source, content }, index) => ({ order: content.order, orderId: orderIds[index]!, actor: `webhook:${source}` })),
      );
      const started: { id: number; instance_id: string }[] = [];
      orders.forEach((request, index) => {
        const receipt = received[index]!;
        const instances = receipt.status === "created" ? receipt.instances : [];
        if (instances[0]) started.push({ id: ids.get(request.content.dedupeKey)!, instance_id: instances[0] });
        receipts.set(request, { status: "accepted", httpStatus: 200, orderId: receipt.orderId, instances });
      });
      const messages = taken.filter((r): r is ReadRequest & { content: { kind: "message" } } => r.content.kind === "message");
      for (const request of messages) {
        const { event, correlation, payload } = request.content;
        batch.enqueue(null, { key: `inbound:${ids.get(request.content.dedupeKey)}`, type: "publish", payload: { event, correlation, payload }, dueAt: at, maxAttempts: 10 });
        receipts.set(request, { status: "accepted", httpStatus: 200 });
      }
      for (const request of taken) if (request.content.kind === "ignored") receipts.set(request, { status: "accepted", httpStatus: 200 });
      if (started.length > 0) {
        batch.also("linked_events", sql`update inbound_events as e set instance_id = r.instance_id from ${recordset(started, "id bigint, instance_id text")} where e.id = r.id`);
      }
      await flushBatch(execution, tx, batch);
    });
  }

  const duplicates = requests.filter((request) => !receipts.has(request));
  if (duplicates.length > 0) {
    const at = execution.clock();
    await sql`insert into inbound_events (source, dedupe_key, status, headers, body, received_at)
      select source, dedupe_key, 'duplicate', headers, body, received_at
      from ${recordset(
        duplicates.map(({ source, request, content }) => ({ source, dedupe_key: content.dedupeKey, headers: request.headers, body: withoutNul(request.body), received_at: at })),
        "source text, dedupe_key text, headers jsonb, body text, received_at timestamptz",
      )}`.execute(execution.db);
  }
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
