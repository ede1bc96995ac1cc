/**
 * Reading an instance's history as the numbered entries it holds: the
 * events applied, the engine's trace of each step, and the effects ordered.
 *
 * A row of instance_history is an event or an effect. An event's row also
 * carries the trace of the step it caused (migration 0014): its entries are
 * numbered seq + 1, seq + 2… after the event, and unfolded here into entries
 * of kind "trace" like the rows written before that, which had one each.
 * The start event's row leaves out what the instance started with, which
 * its instance row holds; it is read back from there into the entry.
 *
 * @example
 * const entries = await readHistory(db, [instanceId]); // seq 1, 2, 3… in order
 */
import { sql, type Kysely, type Selectable } from "kysely";
import type { Database, HistoryKind, InstanceHistoryTable } from "./schema";

export interface HistoryEntry {
  instanceId: string;
  seq: number;
  at: Date;
  kind: HistoryKind;
  type: string;
  node: string | null;
  actor: string | null;
  data: Record<string, unknown>;
}

/**
 * The entries of some instances, each instance's in order of seq;
 * `range` keeps the entries firstSeq..lastSeq of each.
 */
export async function readHistory(db: Kysely<Database>, instanceIds: readonly string[], range?: { firstSeq: number; lastSeq: number }): Promise<HistoryEntry[]> {
  if (instanceIds.length === 0) return [];
  let query = db
    .selectFrom("instance_history")
    .select(["instance_id", "seq", "at", "kind", "type", "node", "actor", "data", "trace"])
    .select(
      sql<{ input: unknown } | null>`case when kind = 'event' and type = 'instance.start' and data -> 'input' is null
        then (select jsonb_build_object('input', input) from instances where instances.id = instance_history.instance_id) end`.as("started_with"),
    )
    .where("instance_id", "in", instanceIds);
  if (range) {
    // An event's row holds the entries up to seq + the length of its trace.
    query = query.where("seq", "<=", range.lastSeq).where(sql<boolean>`seq + coalesce(jsonb_array_length(trace), 0) >= ${range.firstSeq}`);
  }
  const rows = await query.orderBy("instance_id").orderBy("seq").execute();
  const entries = rows.flatMap(unfold);
  return range ? entries.filter((entry) => entry.seq >= range.firstSeq && entry.seq <= range.lastSeq) : entries;
}

type HistoryRow = Pick<Selectable<InstanceHistoryTable>, "instance_id" | "seq" | "at" | "kind" | "type" | "node" | "actor" | "data" | "trace"> & {
  /** A start event's input, from its instance's row. */
  started_with: { input: unknown } | null;
};

/** A row as its entries: itself, then its trace's. */
function unfold(row: HistoryRow): HistoryEntry[] {
  const data = row.started_with ? { ...row.data, ...row.started_with } : row.data;
  const own: HistoryEntry = { instanceId: row.instance_id, seq: row.seq, at: row.at, kind: row.kind, type: row.type, node: row.node, actor: row.actor, data };
  if (!row.trace) return [own];
  return [
    own,
    ...row.trace.map(({ type, ...data }, index): HistoryEntry => ({
      instanceId: row.instance_id,
      seq: row.seq + 1 + index,
      at: row.at,
      kind: "trace",
      type,
      node: typeof data.node === "string" ? data.node : null,
      actor: null,
      data,
    })),
  ];
}
