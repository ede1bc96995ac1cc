/** Reading tasks for the task routes: lists by who they are for, one task with its form. */
import type { Static } from "@sinclair/typebox";
import { sql, type Kysely } from "kysely";
import type { Principal } from "../../auth/principal";
import type { Database } from "../../storage/schema";
import type { Task } from "../schemas/tasks";
import { isForSql } from "../task-access";

export type TaskScope = "mine" | "role" | "warehouse" | "everyone";

function tasks(db: Kysely<Database>) {
  return db.selectFrom("tasks").innerJoin("instances", "instances.id", "tasks.instance_id").selectAll("tasks").select(["instances.flow_id", "instances.flow_version", "instances.order_id"]);
}

export type TaskRow = Awaited<ReturnType<ReturnType<typeof tasks>["execute"]>>[number];

export function toTask(row: TaskRow): Static<typeof Task> {
  return {
    key: row.key,
    instanceId: row.instance_id,
    orderId: row.order_id,
    flowId: row.flow_id,
    node: row.node,
    form: row.form,
    title: row.title,
    assignee: { role: row.assignee_role, user: row.assignee_user, warehouse: row.assignee_warehouse },
    priority: row.priority,
    status: row.status,
    claimedBy: row.claimed_by,
    claimedAt: row.claimed_at?.toISOString() ?? null,
    dueAt: row.due_at?.toISOString() ?? null,
    prefill: row.prefill,
    submittedBy: row.submitted_by,
    submittedAt: row.submitted_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
  };
}

/** One task; `lock`: the task row stays locked until the caller's transaction ends. */
export function findTask(db: Kysely<Database>, key: string, { lock = false } = {}): Promise<TaskRow | undefined> {
  const query = tasks(db).where("tasks.key", "=", key);
  return (lock ? query.forUpdate("tasks") : query).executeTakeFirst();
}

/**
 * The tasks still to do for a person, most urgent first: "mine" (naming me,
 * or claimed by me), "role" (for one of my roles, in my warehouse or any),
 * "warehouse" (for my warehouse, and my role if they name one). Scopes
 * other than "mine" list unclaimed tasks only: a claimed task is its
 * claimer's. Omitted scope: every task that is mine or for me (see
 * task-access.ts), including those naming nobody in particular.
 */
export async function listTasks(db: Kysely<Database>, principal: Principal, scope: TaskScope | undefined, limit: number): Promise<Static<typeof Task>[]> {
  const rows = await tasks(db)
    .where((eb) => {
      const open = eb("tasks.status", "=", "open");
      const mine = eb.or([
        eb.and([eb("tasks.assignee_user", "in", [principal.userId, principal.login]), eb("tasks.status", "in", ["open", "claimed"])]),
        eb.and([eb("tasks.claimed_by", "=", principal.login), eb("tasks.status", "=", "claimed")]),
      ]);
      const forMe = eb.and([open, isForSql(principal)]);
      switch (scope) {
        case "mine": return mine;
        case "role": return eb.and([forMe, eb("tasks.assignee_user", "is", null), eb("tasks.assignee_role", "is not", null)]);
        case "warehouse": return eb.and([forMe, eb("tasks.assignee_user", "is", null), eb("tasks.assignee_warehouse", "is not", null)]);
        case "everyone": return eb("tasks.status", "in", ["open", "claimed"]);
        default: return eb.or([mine, forMe]);
      }
    })
    .orderBy(sql`case tasks.priority when 'urgent' then 0 when 'high' then 1 when 'normal' then 2 else 3 end`)
    .orderBy(sql`tasks.due_at asc nulls last`)
    .orderBy("tasks.created_at")
    .limit(limit)
    .execute();
  return rows.map(toTask);
}

/** The ids among `ids` that no uploaded file has. */
export async function missingFiles(db: Kysely<Database>, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const found = await db.selectFrom("files").select("id").where("id", "in", ids).execute();
  const known = new Set(found.map((row) => row.id));
  return new Set(ids.filter((id) => !known.has(id)));
}
