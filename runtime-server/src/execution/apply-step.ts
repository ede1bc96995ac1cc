/**
 * Applying one external event to an instance durably: in ONE transaction,
 * load the instance, run the engine until it waits, and write the new
 * snapshot with its history, outbox rows, tasks, subscriptions and alerts
 * (DESIGN.md, decision 3). The instance row is updated only if its version
 * is still the one read, so two events for one instance never interleave:
 * the loser of a race starts over on the winner's snapshot.
 *
 * @example
 * const { result } = await deliverEvent(execution, "DB20261122000123", { type: "task.submitted", key, data }, { actor: "picker-wang" });
 */
import { randomUUID } from "node:crypto";
import { applyEvent, startInstance, type InstanceEvent, type StepResult } from "@orderflow/engine";
import type { Kysely, Transaction } from "kysely";
import { json } from "../storage/json";
import type { Database } from "../storage/schema";
import type { FlowVersions } from "./flow-versions";
import { planWrites, type StepCause, type WritePlan } from "./plan-writes";

export interface Execution {
  db: Kysely<Database>;
  flows: FlowVersions;
  clock: () => Date;
  /**
   * Told what each transaction of `inExecutionTransaction` (every event,
   * every start) wrote, right after it committed; never for one rolled back.
   * Live updates hang here. Called synchronously: it must not throw, nor do
   * slow work before returning.
   */
  afterCommit?: (changes: readonly CommittedStep[]) => void;
}

/** What one step of one instance wrote, for `afterCommit`. */
export interface CommittedStep {
  instanceId: string;
  orderId: string | null;
  plan: WritePlan;
}

const uncommitted = new WeakMap<Transaction<Database>, CommittedStep[]>();

/**
 * Runs `work` in a transaction whose steps reach `execution.afterCommit`
 * once it commits. Use it instead of `db.transaction()` around `startFlowIn`.
 */
export async function inExecutionTransaction<T>(execution: Execution, work: (tx: Transaction<Database>) => Promise<T>): Promise<T> {
  const changes: CommittedStep[] = [];
  const result = await execution.db.transaction().execute((tx) => {
    uncommitted.set(tx, changes);
    return work(tx);
  });
  if (changes.length > 0) execution.afterCommit?.(changes);
  return result;
}

export class InstanceNotFoundError extends Error {
  constructor(readonly instanceId: string) {
    super(`No instance "${instanceId}"`);
    this.name = "InstanceNotFoundError";
  }
}

/** Another transaction changed the instance first; the step is tried again on its snapshot. */
class ConcurrentChange extends Error {}

const ATTEMPTS_ON_CONFLICT = 20;

export interface StartOptions {
  flowId: string;
  /** Default: the newest published version. */
  version?: number;
  input: unknown;
  /** Default: a new random id. A child's id is the key of the effect that started it, so starting it twice is impossible. */
  instanceId?: string;
  orderId?: string | null;
  actor?: string | null;
}

/** Starts an instance on a published flow version; its first effects commit with it. */
export async function startFlow(execution: Execution, options: StartOptions): Promise<{ instanceId: string; result: StepResult }> {
  return inExecutionTransaction(execution, (tx) => startIn(execution, tx, options, null));
}

/** Starts an instance inside a transaction the caller holds (e.g. with the order that started it). */
export function startFlowIn(execution: Execution, tx: Transaction<Database>, options: StartOptions): Promise<{ instanceId: string; result: StepResult }> {
  return startIn(execution, tx, options, null);
}

/**
 * Applies an event to an instance. `within` runs in the same transaction
 * after the instance is written (a worker completes its outbox row there, so
 * the row is done exactly when the event took effect); it runs even when the
 * event changed nothing.
 */
export async function deliverEvent(
  execution: Execution,
  instanceId: string,
  event: InstanceEvent,
  options: { actor?: string | null; within?: (tx: Transaction<Database>) => Promise<void> } = {},
): Promise<{ result: StepResult }> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await inExecutionTransaction(execution, async (tx) => {
        const result = await applyIn(execution, tx, instanceId, event, options.actor ?? null);
        await options.within?.(tx);
        return { result };
      });
    } catch (error) {
      if (!(error instanceof ConcurrentChange) || attempt >= ATTEMPTS_ON_CONFLICT) throw error;
    }
  }
}

async function applyIn(execution: Execution, tx: Transaction<Database>, instanceId: string, event: InstanceEvent, actor: string | null): Promise<StepResult> {
  const row = await tx
    .selectFrom("instances")
    .select(["flow_id", "flow_version", "snapshot", "input", "version", "parent_id", "parent_key", "order_id"])
    .where("id", "=", instanceId)
    .executeTakeFirst();
  if (!row) throw new InstanceNotFoundError(instanceId);
  const compiled = await execution.flows.get(tx, row.flow_id, row.flow_version);
  const at = execution.clock();
  const result = applyEvent(compiled, { snapshot: row.snapshot, input: row.input }, event, at.getTime());
  if (!result.accepted) return result;

  const written = await tx
    .updateTable("instances")
    .set({
      snapshot: json(result.snapshot),
      status: result.status,
      waiting_at: result.waitingAt,
      exceptions: result.exceptions,
      version: row.version + 1,
      updated_at: at,
      finished_at: result.status === "running" ? null : at,
    })
    .where("id", "=", instanceId)
    .where("version", "=", row.version)
    .executeTakeFirst();
  if (written.numUpdatedRows === 0n) throw new ConcurrentChange();

  const parent = row.parent_id && row.parent_key ? { id: row.parent_id, key: row.parent_key } : null;
  await writePlan(execution, tx, { instanceId, orderId: row.order_id, plan: planWrites(parent, { event, actor, at }, result) });
  return result;
}

async function startIn(execution: Execution, tx: Transaction<Database>, options: StartOptions, parent: { id: string; key: string } | null) {
  const { version, compiled } =
    options.version === undefined
      ? await execution.flows.latest(tx, options.flowId)
      : { version: options.version, compiled: await execution.flows.get(tx, options.flowId, options.version) };
  const instanceId = options.instanceId ?? randomUUID();
  const at = execution.clock();
  const result = startInstance(compiled, { instanceId, input: options.input, now: at.getTime() });
  await tx
    .insertInto("instances")
    .values({
      id: instanceId,
      flow_id: options.flowId,
      flow_version: version,
      status: result.status,
      input: json(options.input),
      snapshot: json(result.snapshot),
      waiting_at: result.waitingAt,
      exceptions: result.exceptions,
      parent_id: parent?.id ?? null,
      parent_key: parent?.key ?? null,
      order_id: options.orderId ?? null,
      created_at: at,
      updated_at: at,
      finished_at: result.status === "running" ? null : at,
    })
    .execute();
  const cause: StepCause = { event: { type: "instance.start", input: options.input }, actor: options.actor ?? null, at };
  await writePlan(execution, tx, { instanceId, orderId: options.orderId ?? null, plan: planWrites(parent, cause, result) });
  return { instanceId, result };
}

async function writePlan(execution: Execution, tx: Transaction<Database>, step: CommittedStep): Promise<void> {
  const { instanceId, plan } = step;
  uncommitted.get(tx)?.push(step);
  const last = await tx.selectFrom("instance_history").select((eb) => eb.fn.max("seq").as("seq")).where("instance_id", "=", instanceId).executeTakeFirst();
  const first = (last?.seq ?? 0) + 1;
  await tx
    .insertInto("instance_history")
    .values(plan.history.map((row, index) => ({ instance_id: instanceId, seq: first + index, at: row.at, kind: row.kind, type: row.type, node: row.node, actor: row.actor, data: json(row.data) })))
    .execute();

  if (plan.outbox.length > 0) {
    await tx
      .insertInto("outbox")
      .values(plan.outbox.map((row) => ({ key: row.key, instance_id: instanceId, type: row.type, payload: json(row.payload), due_at: row.dueAt, max_attempts: row.maxAttempts })))
      .onConflict((oc) => oc.column("key").doNothing())
      .execute();
  }
  if (plan.cancelOutbox.length > 0) {
    await tx.updateTable("outbox").set({ status: "cancelled", updated_at: execution.clock() }).where("key", "in", plan.cancelOutbox).where("status", "=", "pending").execute();
  }

  for (const task of plan.openTasks) {
    await tx
      .insertInto("tasks")
      .values({
        key: task.key,
        instance_id: instanceId,
        node: task.node,
        form: task.form,
        title: json(task.title),
        assignee_role: task.assignee.role ?? null,
        assignee_user: text(task.assignee.user),
        assignee_warehouse: text(task.assignee.warehouse),
        priority: task.priority,
        due_at: task.dueAt,
        prefill: json(task.prefill),
      })
      .onConflict((oc) => oc.column("key").doNothing())
      .execute();
  }
  for (const close of plan.closeTasks) {
    await tx
      .updateTable("tasks")
      .set({
        status: close.status,
        ...(close.status === "submitted" ? { data: json(close.data ?? {}), submitted_by: close.by, submitted_at: execution.clock() } : {}),
      })
      .where("key", "=", close.key)
      .execute();
  }
  for (const reassign of plan.reassignTasks) {
    await tx
      .updateTable("tasks")
      .set({ assignee_role: reassign.assignee.role ?? null, assignee_user: text(reassign.assignee.user), assignee_warehouse: text(reassign.assignee.warehouse) })
      .where("key", "=", reassign.task)
      .execute();
  }

  if (plan.subscribe.length > 0) {
    await tx
      .insertInto("subscriptions")
      .values(plan.subscribe.map((s) => ({ key: s.key, instance_id: instanceId, node: s.node, event: s.event, correlation: json(s.correlation ?? null) })))
      .onConflict((oc) => oc.column("key").doNothing())
      .execute();
  }
  if (plan.unsubscribe.length > 0) await tx.deleteFrom("subscriptions").where("key", "in", plan.unsubscribe).execute();
  if (plan.finish) await tx.deleteFrom("subscriptions").where("instance_id", "=", instanceId).execute();

  if (plan.raiseAlerts.length > 0) {
    await tx
      .insertInto("alerts")
      .values(plan.raiseAlerts.map((a) => ({ key: a.key, instance_id: instanceId, alert: a.alert, severity: a.severity, message: json(a.message), node: a.node })))
      .onConflict((oc) => oc.column("key").doNothing())
      .execute();
  }
  if (plan.clearAlerts.length > 0) {
    await tx.updateTable("alerts").set({ status: "cleared", cleared_at: execution.clock() }).where("key", "in", plan.clearAlerts).where("status", "<>", "cleared").execute();
  }

  for (const child of plan.startChildren) {
    const exists = await tx.selectFrom("instances").select("id").where("id", "=", child.key).executeTakeFirst();
    if (!exists) await startIn(execution, tx, { flowId: child.flow, input: child.input, instanceId: child.key }, { id: instanceId, key: child.key });
  }
}

/** A recipient field from a rule may be any value; the task lists match text. */
function text(value: unknown): string | null {
  return value === undefined || value === null || value === "" ? null : String(value);
}
