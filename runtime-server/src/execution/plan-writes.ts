/**
 * What one step of an instance writes to the database, decided without any
 * I/O: the instance row, its history, the outbox rows the workers will carry
 * out (connector calls, timers, notifications, events for other instances),
 * tasks, subscriptions, alerts and the order's status. `apply-step.ts` writes the plan in the
 * same transaction as the instance, so effects never exist without the
 * state that ordered them, nor the other way round.
 */
import type { Effect, EffectOf, InstanceEvent, StepResult } from "@orderflow/engine";
import { BUILT_IN_ORDER_STATUSES } from "@orderflow/engine/definition";
import type { TraceRecord } from "../storage/schema";

/** A connector call's attempts come from the node's retry policy; timers and deliveries are retried on database trouble only. */
const INTERNAL_MAX_ATTEMPTS = 10;

/** What happened to an instance in this step: the event applied (or its start) and who did it. */
export interface StepCause {
  event: InstanceEvent | { type: "instance.start"; input: unknown };
  actor: string | null;
  at: Date;
}

/**
 * A row of the instance's history: the step's event, then one per effect.
 * The event's row carries the step's trace, whose entries are numbered
 * after it (storage/history.ts reads them back as entries of their own).
 */
export interface HistoryRow {
  kind: "event" | "effect";
  type: string;
  node: string | null;
  actor: string | null;
  at: Date;
  data: Record<string, unknown>;
  trace?: TraceRecord[];
}

export interface OutboxRow {
  key: string;
  type: OutboxType;
  payload: unknown;
  dueAt: Date;
  maxAttempts: number;
}

/**
 * The kinds of work a worker does: call a connector, fire a timer, send a
 * notification, deliver an event to another instance (a child's result to
 * its parent, a cancel to a child), or publish a message that came in by
 * webhook to the instances waiting for it.
 */
export type OutboxType = "action.invoke" | "timer" | "notify" | "deliver" | "publish";

/** An event for another instance. A child instance's id is the key of the effect that started it. */
export interface Delivery {
  instanceId: string;
  event: InstanceEvent;
}

/** The status the step leaves the instance's order in (written only for an instance that has an order). */
export interface OrderStatusChange {
  status: string;
  name: { zh?: string; en?: string };
  /** The node that set it; null for a default taken on finishing. */
  node: string | null;
}

export interface WritePlan {
  history: HistoryRow[];
  outbox: OutboxRow[];
  cancelOutbox: string[];
  openTasks: EffectOf<"task.open">[];
  closeTasks: { key: string; status: "submitted" | "withdrawn"; data: Record<string, unknown> | null; by: string | null }[];
  reassignTasks: EffectOf<"task.reassign">[];
  subscribe: EffectOf<"event.subscribe">[];
  unsubscribe: string[];
  raiseAlerts: EffectOf<"alert.raise">[];
  clearAlerts: string[];
  startChildren: EffectOf<"child.start">[];
  finish: EffectOf<"instance.finish"> | undefined;
  orderStatus: OrderStatusChange | undefined;
}

/** How many history entries a step adds: its rows and their trace entries (the next step's entries are numbered after them). */
export function historyEntries(plan: Pick<WritePlan, "history">): number {
  return plan.history.reduce((count, row) => count + 1 + (row.trace?.length ?? 0), 0);
}

export function planWrites(parent: { id: string; key: string } | null, cause: StepCause, result: StepResult): WritePlan {
  const trace = result.trace.map(({ at: _at, ...entry }): TraceRecord => entry);
  const plan: WritePlan = {
    history: [{ ...historyOfCause(cause), ...(trace.length > 0 ? { trace } : {}) }],
    outbox: [],
    cancelOutbox: [],
    openTasks: [],
    closeTasks: [],
    reassignTasks: [],
    subscribe: [],
    unsubscribe: [],
    raiseAlerts: [],
    clearAlerts: [],
    startChildren: [],
    finish: undefined,
    orderStatus: undefined,
  };
  for (const effect of result.effects) {
    plan.history.push({ kind: "effect", type: effect.type, node: "node" in effect ? effect.node : null, actor: null, at: cause.at, data: { ...effect } });
    planEffect(plan, parent, cause, effect);
  }
  return plan;
}

function planEffect(plan: WritePlan, parent: { id: string; key: string } | null, cause: StepCause, effect: Effect): void {
  switch (effect.type) {
    case "action.invoke":
      plan.outbox.push({ key: effect.key, type: "action.invoke", payload: effect, dueAt: cause.at, maxAttempts: effect.retry.maxAttempts });
      return;
    case "timer.start":
      plan.outbox.push({ key: effect.key, type: "timer", payload: effect, dueAt: new Date(effect.fireAt), maxAttempts: INTERNAL_MAX_ATTEMPTS });
      return;
    case "timer.cancel":
      plan.cancelOutbox.push(effect.key);
      return;
    case "notify":
      plan.outbox.push({ key: effect.key, type: "notify", payload: effect, dueAt: cause.at, maxAttempts: INTERNAL_MAX_ATTEMPTS });
      return;
    case "task.open":
      plan.openTasks.push(effect);
      return;
    case "task.close": {
      const submitted = cause.event.type === "task.submitted" && cause.event.key === effect.task;
      plan.closeTasks.push({
        key: effect.task,
        status: effect.reason,
        data: submitted ? (cause.event as Extract<InstanceEvent, { type: "task.submitted" }>).data : null,
        by: submitted ? cause.actor : null,
      });
      return;
    }
    case "task.reassign":
      plan.reassignTasks.push(effect);
      return;
    case "event.subscribe":
      plan.subscribe.push(effect);
      return;
    case "event.unsubscribe":
      plan.unsubscribe.push(effect.key);
      return;
    case "child.start":
      plan.startChildren.push(effect);
      return;
    case "child.cancel":
      plan.outbox.push(deliver(effect.key, { instanceId: effect.key, event: { type: "cancel", reason: "the parent stopped waiting for it" } }, cause.at));
      return;
    case "alert.raise":
      plan.raiseAlerts.push(effect);
      return;
    case "alert.clear":
      plan.clearAlerts.push(effect.raisedKey);
      return;
    case "order.status":
      plan.orderStatus = { status: effect.status, name: effect.name, node: effect.node };
      return;
    case "instance.finish":
      plan.finish = effect;
      if (!parent && (effect.node === null || plan.orderStatus?.node !== effect.node)) plan.orderStatus = finalOrderStatus(effect.status);
      if (parent) {
        const event: InstanceEvent = { type: "child.finished", key: parent.key, status: effect.status, output: effect.output };
        plan.outbox.push(deliver(`${effect.key}:to-parent`, { instanceId: parent.id, event }, cause.at));
      }
      return;
    case "exception":
      return;
  }
}

/**
 * The order's status when its flow ends at an end node without an
 * orderStatus, or is cancelled: the way it finished (completed, cancelled,
 * failed). Only the instance an order started decides this (a child's end
 * is a step of its parent's flow), and only once no other flow of the order
 * still runs (write-batch.ts checks that as it writes): a side flow that
 * finishes first does not call an order being picked "completed".
 */
function finalOrderStatus(status: EffectOf<"instance.finish">["status"]): OrderStatusChange {
  const builtIn = BUILT_IN_ORDER_STATUSES.find((known) => known.code === status)!;
  return { status, name: builtIn.name as OrderStatusChange["name"], node: null };
}

function deliver(key: string, delivery: Delivery, at: Date): OutboxRow {
  return { key, type: "deliver", payload: delivery, dueAt: at, maxAttempts: INTERNAL_MAX_ATTEMPTS };
}

/** The event's row. A start's input is left out: the instance's row holds it, and storage/history.ts reads it back from there. */
function historyOfCause(cause: StepCause): HistoryRow {
  const { event } = cause;
  const data = event.type === "instance.start" ? { type: event.type } : { ...event };
  return { kind: "event", type: event.type, node: "node" in event ? event.node : null, actor: cause.actor, at: cause.at, data };
}

