/**
 * The exceptions list, read from what execution already records: a node in
 * an instance's `exceptions` whose latest `exception` effect no retry or
 * skip has answered yet, and outbox rows that went dead.
 */
import type { Static } from "@sinclair/typebox";
import { sql, type Kysely } from "kysely";
import type { ErrorInfo } from "@orderflow/engine";
import type { Database } from "../../storage/schema";
import type { Deps } from "../env";
import type { ExceptionEntry, ExceptionListQuery } from "../schemas/exceptions";

type Entry = Static<typeof ExceptionEntry>;
type Filter = Static<typeof ExceptionListQuery>;

/** The engine names an exception `<the step's key>:exception`; the step's connector call has the step's key. */
const EXCEPTION_SUFFIX = ":exception";
/** Events that answer an exception; after one, the exception it answered is no longer in the list. */
export const ANSWERS = ["exception.retry", "exception.skip"] as const;

export type ExceptionId = { kind: "step" | "outbox"; id: number };

export function parseExceptionId(text: string): ExceptionId {
  const [kind, id] = text.split("-") as ["step" | "outbox", string];
  return { kind, id: Number(id) };
}

export async function listExceptions(deps: Deps, filter: Filter): Promise<Entry[]> {
  const limit = filter.limit ?? 100;
  const [steps, outbox] = await Promise.all([filter.kind === "outbox" ? [] : stepExceptions(deps, filter, limit), filter.kind === "step" ? [] : outboxExceptions(deps.db, filter, limit)]);
  return [...steps, ...outbox].sort((a, b) => b.since.localeCompare(a.since)).slice(0, limit);
}

/** One entry of the list, or undefined when it is not in the list (any more). */
export async function findException(deps: Deps, { kind, id }: ExceptionId): Promise<Entry | undefined> {
  const [entry] = kind === "step" ? await stepExceptions(deps, {}, 1, id) : await outboxExceptions(deps.db, {}, 1, id);
  return entry;
}

async function stepExceptions({ db, execution }: Deps, filter: Filter, limit: number, historyId?: number): Promise<Entry[]> {
  let query = db
    .selectFrom("instances as i")
    .innerJoin("instance_history as h", (join) => join.onRef("h.instance_id", "=", "i.id").on("h.kind", "=", "effect").on("h.type", "=", "exception"))
    .leftJoin("orders as o", "o.id", "i.order_id")
    .leftJoin("outbox as call", (join) => join.on(sql`call.key`, "=", sql`left(h.data ->> 'key', ${-EXCEPTION_SUFFIX.length})`))
    .select(["h.id", "h.instance_id", "h.node", "h.at", "h.data", "i.flow_id", "i.flow_version", "i.order_id", "o.platform_order_no", "call.attempts", "call.payload"])
    .where("i.status", "=", "running")
    .where((eb) => eb(eb.fn("cardinality", ["i.exceptions"]), ">", 0))
    .where(sql<boolean>`h.node = any(i.exceptions)`)
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom("instance_history as later").select("later.id").whereRef("later.instance_id", "=", "h.instance_id").whereRef("later.seq", ">", "h.seq").where("later.kind", "=", "event").where("later.type", "in", ANSWERS).whereRef("later.node", "=", "h.node"))),
    );
  if (historyId !== undefined) query = query.where("h.id", "=", historyId);
  if (filter.flowId) query = query.where("i.flow_id", "=", filter.flowId);
  if (filter.orderId) query = query.where("i.order_id", "=", filter.orderId);
  const rows = await query.orderBy("h.at", "desc").orderBy("h.id", "desc").limit(limit).execute();
  const entries: Entry[] = [];
  for (const row of rows) {
    const compiled = await execution.flows.get(db, row.flow_id, row.flow_version);
    const error = (row.data.error ?? { message: "failed" }) as ErrorInfo;
    const call = row.payload as { connector?: string; action?: string } | null;
    entries.push({
      id: `step-${row.id}`,
      kind: "step",
      instanceId: row.instance_id,
      flowId: row.flow_id,
      node: row.node,
      nodeName: (row.node === null ? null : compiled.graph.nodes.get(row.node)?.name) ?? null,
      effect: call?.connector && call.action ? `${call.connector}.${call.action}` : null,
      error: { code: error.code ?? null, message: error.message },
      attempts: row.attempts ?? null,
      orderId: row.order_id,
      platformOrderNo: row.platform_order_no ?? null,
      since: row.at.toISOString(),
    });
  }
  return entries;
}

async function outboxExceptions(db: Kysely<Database>, filter: Filter, limit: number, outboxId?: number): Promise<Entry[]> {
  let query = db
    .selectFrom("outbox as x")
    .leftJoin("instances as i", "i.id", "x.instance_id")
    .leftJoin("orders as o", "o.id", "i.order_id")
    .select(["x.id", "x.instance_id", "x.type", "x.payload", "x.attempts", "x.last_error", "x.updated_at", "i.flow_id", "i.order_id", "o.platform_order_no"])
    .where("x.status", "=", "dead");
  if (outboxId !== undefined) query = query.where("x.id", "=", outboxId);
  if (filter.flowId) query = query.where("i.flow_id", "=", filter.flowId);
  if (filter.orderId) query = query.where("i.order_id", "=", filter.orderId);
  const rows = await query.orderBy("x.updated_at", "desc").orderBy("x.id", "desc").limit(limit).execute();
  return rows.map((row) => {
    const payload = (row.payload ?? {}) as { node?: string | null; connector?: string; action?: string; compensation?: boolean };
    const effect = row.type === "action.invoke" ? `${payload.compensation ? "undo " : ""}${payload.connector}.${payload.action}` : row.type;
    return {
      id: `outbox-${row.id}`,
      kind: "outbox" as const,
      instanceId: row.instance_id,
      flowId: row.flow_id ?? null,
      node: payload.node ?? null,
      nodeName: null,
      effect,
      error: { code: null, message: row.last_error ?? "failed every attempt" },
      attempts: row.attempts,
      orderId: row.order_id ?? null,
      platformOrderNo: row.platform_order_no ?? null,
      since: row.updated_at.toISOString(),
    };
  });
}
