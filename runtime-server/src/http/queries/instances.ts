/** Reading instances for the instance and task routes. */
import type { Static } from "@sinclair/typebox";
import type { Kysely, Selectable } from "kysely";
import { readHistory } from "../../storage/history";
import type { Database, InstancesTable, InstanceStatus } from "../../storage/schema";
import type { Deps } from "../env";
import { notFound } from "../errors";
import type { InstanceDetail, InstanceState } from "../schemas/instances";
import type { OrderTimelineEntry } from "../schemas/orders";
import { toTimeline } from "../timeline";

export function toInstanceState(row: Pick<Selectable<InstancesTable>, "id" | "flow_id" | "flow_version" | "status" | "waiting_at" | "exceptions" | "created_at" | "updated_at" | "finished_at">): Static<typeof InstanceState> {
  return {
    id: row.id,
    flowId: row.flow_id,
    flowVersion: row.flow_version,
    status: row.status,
    waitingAt: row.waiting_at,
    exceptions: row.exceptions,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    finishedAt: row.finished_at?.toISOString() ?? null,
  };
}

export async function instanceState(db: Kysely<Database>, id: string): Promise<Static<typeof InstanceState>> {
  const row = await db.selectFrom("instances").selectAll().where("id", "=", id).executeTakeFirst();
  if (!row) throw notFound(`No instance "${id}"`);
  return toInstanceState(row);
}

/** An instance with its input and its whole timeline, node names taken from the version it runs. */
export async function instanceDetail({ db, execution }: Deps, id: string): Promise<Static<typeof InstanceDetail>> {
  const row = await db.selectFrom("instances").selectAll().where("id", "=", id).executeTakeFirst();
  if (!row) throw notFound(`No instance "${id}"`);
  const [history, compiled] = await Promise.all([
    readHistory(db, [id]),
    execution.flows.get(db, row.flow_id, row.flow_version),
  ]);
  const timeline = toTimeline(history, compiled);
  return { ...toInstanceState(row), input: row.input, parentId: row.parent_id, orderId: row.order_id, timeline };
}

/** Lines firstSeq..lastSeq of an instance's timeline, as an order's timeline shows them (the live stream of an order page reads them). */
export async function timelineLines({ db, execution }: Deps, instanceId: string, firstSeq: number, lastSeq: number): Promise<Static<typeof OrderTimelineEntry>[]> {
  const row = await db.selectFrom("instances").select(["flow_id", "flow_version"]).where("id", "=", instanceId).executeTakeFirst();
  if (!row) return [];
  const [history, compiled] = await Promise.all([
    readHistory(db, [instanceId], { firstSeq, lastSeq }),
    execution.flows.get(db, row.flow_id, row.flow_version),
  ]);
  return toTimeline(history, compiled).map((entry) => ({ ...entry, instanceId }));
}

export async function listInstances(db: Kysely<Database>, filter: { status?: InstanceStatus; flowId?: string; withExceptions?: boolean; limit?: number }) {
  let query = db.selectFrom("instances").select(["id", "flow_id", "flow_version", "status", "waiting_at", "exceptions", "created_at", "updated_at", "finished_at"]);
  if (filter.status) query = query.where("status", "=", filter.status);
  if (filter.flowId) query = query.where("flow_id", "=", filter.flowId);
  if (filter.withExceptions) query = query.where((eb) => eb(eb.fn("cardinality", ["exceptions"]), ">", 0));
  const rows = await query.orderBy("updated_at", "desc").limit(filter.limit ?? 50).execute();
  return rows.map(toInstanceState);
}
