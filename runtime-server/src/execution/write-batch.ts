/**
 * The writes of many steps, made together: however many instances a
 * transaction starts or moves on (a burst of webhooks, a worker's batch of
 * connector results), each table gets one statement. That is what lets one
 * commit carry many events (DESIGN.md: one commit per external event,
 * batched under load).
 *
 * Rows travel as one JSON parameter (`recordset`), so a statement costs the
 * same to build whatever the number of rows.
 *
 * Within a batch, later steps of one instance see what earlier ones wrote:
 * an instance started and moved on is inserted once in its final state; a
 * subscription made and dropped again is never written; an order whose
 * status changed several times gets the last one.
 */
import type { EffectOf, StepResult } from "@orderflow/engine";
import { sql, type RawBuilder, type Transaction } from "kysely";
import { recordset } from "../storage/json";
import { prepared } from "../storage/prepared-statements";
import type { Database } from "../storage/schema";
import type { OutboxRow, WritePlan } from "./plan-writes";

/** The instance row as a step leaves it. */
export interface InstanceState {
  id: string;
  flowId: string;
  flowVersion: number;
  input: unknown;
  snapshot: StepResult["snapshot"];
  status: StepResult["status"];
  waitingAt: string[];
  exceptions: string[];
  parentId: string | null;
  parentKey: string | null;
  orderId: string | null;
  /** Entries in the instance's history (trace entries included): the next one gets seq historyLength + 1. */
  historyLength: number;
  createdAt: Date;
  updatedAt: Date;
}

/** What one step of one instance wrote: reported to `Execution.afterCommit` once its transaction committed. */
export interface CommittedStep {
  instanceId: string;
  orderId: string | null;
  plan: WritePlan;
  /** The seq of the step's first history entry; the others follow on. */
  firstSeq: number;
}

/** Another transaction changed an instance first; the caller starts over on its snapshot. */
export class ConcurrentChange extends Error {
  constructor(readonly instanceIds: string[]) {
    super(`instances changed by another transaction meanwhile: ${instanceIds.join(", ")}`);
    this.name = "ConcurrentChange";
  }
}

export interface WriteBatch {
  /** A new instance; later `update`s of it in this batch change what is inserted. */
  insert(state: InstanceState): void;
  /** An instance read at `readVersion`; written only if no one else wrote it since. */
  update(state: InstanceState, readVersion: number): void;
  /** Whether an instance is inserted by this batch (a child started twice in one batch is started once). */
  inserts(instanceId: string): boolean;
  /** An instance this batch inserts or updates, as it leaves it (its next step builds on that, not on the database). */
  instance(instanceId: string): { state: InstanceState; readVersion: number } | undefined;
  /** Removes the outbox rows `wanted` picks and returns them (work the transaction does itself instead of a worker). */
  takeOutbox(wanted: (row: OutboxRow) => boolean): { instanceId: string | null; row: OutboxRow }[];
  /** Work for the workers; `instanceId` null for work of no instance (a message to publish). */
  enqueue(instanceId: string | null, row: OutboxRow): void;
  /**
   * A write of the caller's that nothing else in the batch touches (intake
   * links the stored webhooks to the instances they started), made in the
   * batch's one statement: `name` names it there, `write` is an INSERT,
   * UPDATE or DELETE.
   */
  also(name: string, write: RawBuilder<unknown>): void;
  /**
   * Writes that are known only when the batch is written (inline actions
   * gather theirs over several rounds): `writes` is asked then, once per
   * `key` however often it is given, for writes as `also` takes them.
   */
  alsoAtFlush(key: string, writes: () => { name: string; write: RawBuilder<unknown> }[]): void;
  /** A step's plan; its history entries are numbered from its `firstSeq`. */
  add(step: CommittedStep): void;
  /** The steps added, in order. */
  readonly steps: readonly CommittedStep[];
  /** Writes everything; throws ConcurrentChange, undoing nothing itself, when an update lost a race (roll back the transaction). */
  flush(tx: Transaction<Database>, now: Date): Promise<void>;
}

interface TaskClose {
  key: string;
  status: "submitted" | "withdrawn";
  data: Record<string, unknown> | null;
  by: string | null;
  at: Date;
}

export function createWriteBatch(): WriteBatch {
  const inserted = new Map<string, InstanceState>();
  const updated = new Map<string, { state: InstanceState; readVersion: number }>();
  const history: object[] = [];
  const outbox: { instanceId: string | null; row: OutboxRow }[] = [];
  const cancelOutbox = new Set<string>();
  const openTasks: object[] = [];
  const reassignTasks = new Map<string, EffectOf<"task.reassign">>();
  const closeTasks = new Map<string, TaskClose>();
  /** Final operation per subscription key: a row to (re)write, or null to delete. */
  const subscriptions = new Map<string, object | null>();
  const finished = new Set<string>();
  const raiseAlerts: object[] = [];
  const clearAlerts = new Set<string>();
  /**
   * Per order: the last status a node set, and a status from a finish
   * without one that came after it (steps are added in the order they
   * happened). The finish's status is taken only if no other flow of the
   * order still runs (see flush).
   */
  const orderStatuses = new Map<string, OrderStatusRow>();
  const steps: CommittedStep[] = [];
  const extra: RawBuilder<unknown>[] = [];
  const extraAtFlush = new Map<string, () => { name: string; write: RawBuilder<unknown> }[]>();

  const enqueue = (instanceId: string | null, row: OutboxRow) => {
    outbox.push({ instanceId, row });
  };

  return {
    enqueue,
    steps,
    insert(state) {
      inserted.set(state.id, state);
    },
    update(state, readVersion) {
      if (inserted.has(state.id)) inserted.set(state.id, state);
      else updated.set(state.id, { state, readVersion: updated.get(state.id)?.readVersion ?? readVersion });
    },
    inserts: (instanceId) => inserted.has(instanceId),
    also(name, write) {
      extra.push(namedPart(name, write));
    },
    alsoAtFlush(key, writes) {
      extraAtFlush.set(key, writes);
    },
    instance(instanceId) {
      const fresh = inserted.get(instanceId);
      return fresh ? { state: fresh, readVersion: 0 } : updated.get(instanceId);
    },
    takeOutbox(wanted) {
      const taken = outbox.filter(({ row }) => wanted(row));
      if (taken.length > 0) outbox.splice(0, outbox.length, ...outbox.filter(({ row }) => !wanted(row)));
      return taken;
    },
    add(step) {
      const { instanceId, plan, firstSeq } = step;
      steps.push(step);
      let seq = firstSeq;
      for (const row of plan.history) {
        history.push({ instance_id: instanceId, seq, ...row });
        seq += 1 + (row.trace?.length ?? 0);
      }
      for (const row of plan.outbox) enqueue(instanceId, row);
      for (const key of plan.cancelOutbox) cancelOutbox.add(key);
      for (const task of plan.openTasks) {
        openTasks.push({
          key: task.key,
          instance_id: instanceId,
          node: task.node,
          form: task.form,
          title: task.title,
          assignee_role: task.assignee.role ?? null,
          assignee_user: recipientText(task.assignee.user),
          assignee_warehouse: recipientText(task.assignee.warehouse),
          priority: task.priority,
          due_at: task.dueAt,
          prefill: task.prefill ?? {},
        });
      }
      for (const close of plan.closeTasks) closeTasks.set(close.key, { ...close, at: plan.history[0]?.at ?? new Date(0) });
      for (const reassign of plan.reassignTasks) reassignTasks.set(reassign.task, reassign);
      // As text: a JSON null in a recordset would be an SQL null, and "no correlation" is stored as the jsonb null.
      for (const s of plan.subscribe) subscriptions.set(s.key, { key: s.key, instance_id: instanceId, node: s.node, event: s.event, correlation: JSON.stringify(s.correlation ?? null) });
      for (const key of plan.unsubscribe) subscriptions.set(key, null);
      if (plan.finish) finished.add(instanceId);
      for (const a of plan.raiseAlerts) raiseAlerts.push({ key: a.key, instance_id: instanceId, alert: a.alert, severity: a.severity, message: a.message, node: a.node });
      for (const key of plan.clearAlerts) clearAlerts.add(key);
      if (plan.orderStatus && step.orderId) {
        const { status, name, node } = plan.orderStatus;
        const row = orderStatuses.get(step.orderId) ?? { id: step.orderId, status: null, status_name: null, finished_as: null, finished_name: null };
        if (node === null) Object.assign(row, { finished_as: status, finished_name: name });
        else Object.assign(row, { status, status_name: name, finished_as: null, finished_name: null });
        orderStatuses.set(step.orderId, row);
      }
    },

    async flush(tx, now) {
      // Rows no other write of this batch touches again go in ONE statement (one round trip), each table's
      // rows in a data-modifying CTE of its own; what builds on them (a timer cancelled, a task closed, in
      // this same batch) follows in statements of its own, since the parts of one statement cannot see
      // each other's rows.
      const parts: RawBuilder<unknown>[] = [];
      if (inserted.size > 0) {
        parts.push(sql`new_instances as (insert into instances (id, flow_id, flow_version, status, input, snapshot, waiting_at, exceptions, parent_id, parent_key, order_id, history_length, created_at, updated_at, finished_at)
          select id, flow_id, flow_version, status, input, snapshot, waiting_at, exceptions, parent_id, parent_key, order_id, history_length, created_at, updated_at, finished_at
          from ${recordset([...inserted.values()].map(instanceRecord), INSTANCE_COLUMNS)})`);
      }
      if (updated.size > 0) {
        const rows = [...updated.values()].map(({ state, readVersion }) => ({ ...instanceRecord(state), read_version: readVersion }));
        parts.push(sql`moved as (update instances as i set
            status = r.status, snapshot = r.snapshot, waiting_at = r.waiting_at, exceptions = r.exceptions,
            history_length = r.history_length, version = i.version + 1, updated_at = r.updated_at, finished_at = r.finished_at
          from ${recordset(rows, `${INSTANCE_COLUMNS}, read_version int`)}
          where i.id = r.id and i.version = r.read_version
          returning i.id)`);
      }
      if (history.length > 0) {
        parts.push(sql`new_history as (insert into instance_history (instance_id, seq, at, kind, type, node, actor, data, trace)
          select instance_id, seq, at, kind, type, node, actor, data, trace
          from ${recordset(history, "instance_id text, seq int, at timestamptz, kind text, type text, node text, actor text, data jsonb, trace jsonb")})`);
      }
      if (outbox.length > 0) {
        parts.push(sql`new_outbox as (insert into outbox (key, instance_id, type, payload, due_at, max_attempts)
          select key, instance_id, type, payload, due_at, max_attempts
          from ${recordset(
            outbox.map(({ instanceId, row }) => ({ key: row.key, instance_id: instanceId, type: row.type, payload: row.payload, due_at: row.dueAt, max_attempts: row.maxAttempts })),
            "key text, instance_id text, type text, payload jsonb, due_at timestamptz, max_attempts int",
          )}
          on conflict (key) do nothing)`);
      }
      if (openTasks.length > 0) {
        parts.push(sql`new_tasks as (insert into tasks (key, instance_id, node, form, title, assignee_role, assignee_user, assignee_warehouse, priority, due_at, prefill)
          select key, instance_id, node, form, title, assignee_role, assignee_user, assignee_warehouse, priority, due_at, prefill
          from ${recordset(openTasks, "key text, instance_id text, node text, form text, title jsonb, assignee_role text, assignee_user text, assignee_warehouse text, priority text, due_at timestamptz, prefill jsonb")}
          on conflict (key) do nothing)`);
      }
      if (raiseAlerts.length > 0) {
        parts.push(sql`new_alerts as (insert into alerts (key, instance_id, alert, severity, message, node)
          select key, instance_id, alert, severity, message, node
          from ${recordset(raiseAlerts, "key text, instance_id text, alert text, severity text, message jsonb, node text")}
          on conflict (key) do nothing)`);
      }
      parts.push(...extra);
      for (const writes of extraAtFlush.values()) for (const { name, write } of writes()) parts.push(namedPart(name, write));
      if (parts.length > 0) {
        const written = await prepared(sql<{ id: string }>`with ${sql.join(parts)} ${updated.size > 0 ? sql`select id from moved` : sql`select null as id where false`}`).execute(tx);
        if (written.rows.length !== updated.size) {
          const won = new Set(written.rows.map((row) => row.id));
          throw new ConcurrentChange([...updated.keys()].filter((id) => !won.has(id)));
        }
      }
      if (cancelOutbox.size > 0) {
        await tx.updateTable("outbox").set({ status: "cancelled", updated_at: now }).where("key", "in", [...cancelOutbox]).where("status", "=", "pending").execute();
      }
      if (reassignTasks.size > 0) {
        const rows = [...reassignTasks.values()].map((r) => ({ key: r.task, role: r.assignee.role ?? null, user: recipientText(r.assignee.user), warehouse: recipientText(r.assignee.warehouse) }));
        await sql`update tasks as t set assignee_role = r.role, assignee_user = r.user, assignee_warehouse = r.warehouse
          from ${recordset(rows, `key text, role text, "user" text, warehouse text`)} where t.key = r.key`.execute(tx);
      }
      if (closeTasks.size > 0) {
        const rows = [...closeTasks.values()].map((c) => ({ key: c.key, status: c.status, data: c.status === "submitted" ? (c.data ?? {}) : null, by: c.by, at: c.at }));
        await sql`update tasks as t set status = r.status,
            data = case when r.status = 'submitted' then r.data else t.data end,
            submitted_by = case when r.status = 'submitted' then r.by else t.submitted_by end,
            submitted_at = case when r.status = 'submitted' then r.at else t.submitted_at end
          from ${recordset(rows, "key text, status text, data jsonb, by text, at timestamptz")} where t.key = r.key`.execute(tx);
      }
      if (subscriptions.size > 0) {
        await tx.deleteFrom("subscriptions").where("key", "in", [...subscriptions.keys()]).execute();
        const rows = [...subscriptions.values()].filter((row): row is object => row !== null);
        if (rows.length > 0) {
          await sql`insert into subscriptions (key, instance_id, node, event, correlation)
            select key, instance_id, node, event, cast(correlation as jsonb)
            from ${recordset(rows, "key text, instance_id text, node text, event text, correlation text")}`.execute(tx);
        }
      }
      if (finished.size > 0) await tx.deleteFrom("subscriptions").where("instance_id", "in", [...finished]).execute();
      if (clearAlerts.size > 0) {
        await tx.updateTable("alerts").set({ status: "cleared", cleared_at: now }).where("key", "in", [...clearAlerts]).where("status", "<>", "cleared").execute();
      }
      if (orderStatuses.size > 0) {
        // After the instances are written: a flow finishing in this batch no longer counts as running.
        await sql`update orders as o set
            status = coalesce(f.status, r.status), status_name = case when f.status is not null then r.finished_name else r.status_name end, updated_at = ${now}
          from ${recordset([...orderStatuses.values()], "id text, status text, status_name jsonb, finished_as text, finished_name jsonb")}
          left join lateral (
            select r.finished_as as status where r.finished_as is not null
              and not exists (select 1 from instances i where i.order_id = r.id and i.parent_id is null and i.status = 'running')
          ) f on true
          where o.id = r.id and coalesce(f.status, r.status) is not null`.execute(tx);
      }
    },
  };
}

/** A part of one statement of many writes (the batch's, or another made alike): `name as (write)`. */
export function namedPart(name: string, write: RawBuilder<unknown>): RawBuilder<unknown> {
  return sql`${sql.id(name)} as (${write})`;
}

interface OrderStatusRow {
  id: string;
  status: string | null;
  status_name: object | null;
  finished_as: string | null;
  finished_name: object | null;
}

const INSTANCE_COLUMNS =
  "id text, flow_id text, flow_version int, status text, input jsonb, snapshot jsonb, waiting_at text[], exceptions text[], parent_id text, parent_key text, order_id text, history_length int, created_at timestamptz, updated_at timestamptz, finished_at timestamptz";

function instanceRecord(state: InstanceState) {
  return {
    id: state.id,
    flow_id: state.flowId,
    flow_version: state.flowVersion,
    status: state.status,
    input: state.input,
    snapshot: state.snapshot,
    waiting_at: state.waitingAt,
    exceptions: state.exceptions,
    parent_id: state.parentId,
    parent_key: state.parentKey,
    order_id: state.orderId,
    history_length: state.historyLength,
    created_at: state.createdAt,
    updated_at: state.updatedAt,
    finished_at: state.status === "running" ? null : state.updatedAt,
  };
}

/** A recipient field from a rule may be any value; the task lists match text. */
export function recipientText(value: unknown): string | null {
  return value === undefined || value === null || value === "" ? null : String(value);
}
