/**
 * Turns what execution committed into live updates: the tasks a step
 * opened, closed or reassigned (read back once, with who they are for), the
 * numbers of the timeline lines it wrote, the alerts it raised or cleared,
 * whether the instance finished or stopped in the exceptions list, and the
 * status a step gave its order. (A status an order takes by its flow finishing
 * depends on its other flows, decided as it is written: the instance's
 * `finished` event tells of that one.)
 *
 * @example
 * execution.afterCommit = (changes) => void publishSteps(db, live, changes);
 */
import type { Kysely, Selectable } from "kysely";
import type { CommittedStep } from "../execution/apply-step";
import { historyEntries } from "../execution/plan-writes";
import { recipientText } from "../execution/write-batch";
import type { Database, TasksTable } from "../storage/schema";
import type { LiveEvent, LiveTask, LiveUpdates } from "./live-updates";

export async function publishSteps(db: Kysely<Database>, live: LiveUpdates, changes: readonly CommittedStep[], onError: (error: unknown) => void = () => {}): Promise<void> {
  try {
    live.publish(await liveEventsOf(db, changes));
  } catch (error) {
    onError(error);
  }
}

export async function liveEventsOf(db: Kysely<Database>, changes: readonly CommittedStep[]): Promise<LiveEvent[]> {
  const touched = new Map<string, "opened" | "closed" | "reassigned">();
  /** Tasks just opened, as their step opened them; the others (closed, reassigned) are read back for who they are for now. */
  const opened = new Map<string, LiveTask>();
  for (const { instanceId, plan } of changes) {
    for (const task of plan.openTasks) {
      touched.set(task.key, "opened");
      const { role, user, warehouse } = task.assignee;
      opened.set(task.key, { key: task.key, instanceId, node: task.node, status: "open", assignee: { role: role ?? null, user: recipientText(user), warehouse: recipientText(warehouse) }, claimedBy: null, submittedBy: null });
    }
    for (const task of plan.closeTasks) {
      touched.set(task.key, "closed");
      opened.delete(task.key);
    }
    for (const task of plan.reassignTasks) {
      if (!touched.has(task.task)) touched.set(task.task, "reassigned");
      opened.delete(task.task);
    }
  }
  const toRead = [...touched.keys()].filter((key) => !opened.has(key));
  const tasks = [...opened.values(), ...(toRead.length === 0 ? [] : await readTasks(db, toRead))];
  const events: LiveEvent[] = tasks.map((task) => ({ type: "task", change: touched.get(task.key)!, task }));
  for (const { instanceId, orderId, plan, firstSeq } of changes) {
    if (plan.history.length > 0) events.push({ type: "timeline", instanceId, orderId, firstSeq, lastSeq: firstSeq + historyEntries(plan) - 1 });
    for (const alert of plan.raiseAlerts) events.push({ type: "alert", change: "raised", alertKey: alert.key, alert: alert.alert, severity: alert.severity, instanceId, node: alert.node });
    for (const key of plan.clearAlerts) events.push({ type: "alert", change: "cleared", alertKey: key, instanceId });
    if (plan.history.some((row) => row.kind === "effect" && row.type === "exception")) events.push({ type: "instance", change: "exception", instanceId, orderId, status: "running" });
    if (plan.finish) events.push({ type: "instance", change: "finished", instanceId, orderId, status: plan.finish.status });
    if (orderId && plan.orderStatus && plan.orderStatus.node !== null) events.push({ type: "order", change: "status", orderId, status: plan.orderStatus.status, statusName: plan.orderStatus.name });
  }
  return events;
}

type TaskColumns = Pick<Selectable<TasksTable>, "key" | "instance_id" | "node" | "status" | "assignee_role" | "assignee_user" | "assignee_warehouse" | "claimed_by" | "submitted_by">;

/** A task as live updates carry it: enough to tell who may see it, the rest is one GET away. */
export function toLiveTask(row: TaskColumns): LiveTask {
  return {
    key: row.key,
    instanceId: row.instance_id,
    node: row.node,
    status: row.status,
    assignee: { role: row.assignee_role, user: row.assignee_user, warehouse: row.assignee_warehouse },
    claimedBy: row.claimed_by,
    submittedBy: row.submitted_by,
  };
}

async function readTasks(db: Kysely<Database>, keys: string[]): Promise<LiveTask[]> {
  const rows = await db
    .selectFrom("tasks")
    .select(["key", "instance_id", "node", "status", "assignee_role", "assignee_user", "assignee_warehouse", "claimed_by", "submitted_by"])
    .where("key", "in", keys)
    .execute();
  return rows.map(toLiveTask);
}
