/**
 * The data that crosses the engine's boundary: the events a host feeds in,
 * the effects it gets back, and the trace that becomes an order's timeline.
 * Everything here is plain JSON so a host can store it as rows.
 */
import type { RetryPolicy } from "../definition/schema";

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type FinalStatus = "completed" | "cancelled" | "failed";
export type InstanceStatus = "running" | FinalStatus;

export interface ErrorInfo {
  code?: string;
  message: string;
}

export interface Recipient {
  role?: string;
  user?: unknown;
  warehouse?: unknown;
}

export interface LocalizedMessage {
  zh?: string;
  en?: string;
}

/**
 * What the host must do after a step. Every effect has a deterministic `key`
 * (instance, node, visit, purpose): the host stores effects under it, passes it
 * to connectors as their idempotency key, and quotes it in the event that
 * reports back.
 */
export type Effect =
  | {
      type: "action.invoke";
      key: string;
      node: string;
      connector: string;
      action: string;
      input: Record<string, unknown>;
      retry: { maxAttempts: number; initialDelayMs: number; backoffFactor: number; maxDelayMs: number };
      timeoutMs: number;
      /** A compensation undoes an earlier action; nothing waits for its result. */
      compensation: boolean;
    }
  | { type: "timer.start"; key: string; node: string; fireAt: string; purpose: "wait" | "timeout" | "due" | "escalation" | "alert_check" }
  | { type: "timer.cancel"; key: string; node: string }
  | {
      type: "task.open";
      key: string;
      node: string;
      form: string;
      title: LocalizedMessage;
      assignee: Recipient;
      priority: "low" | "normal" | "high" | "urgent";
      dueAt: string | null;
      prefill: Record<string, unknown>;
    }
  | { type: "task.reassign"; key: string; node: string; task: string; assignee: Recipient }
  | { type: "task.close"; key: string; node: string; task: string; reason: "submitted" | "withdrawn" }
  | { type: "event.subscribe"; key: string; node: string; event: string; correlation: unknown }
  | { type: "event.unsubscribe"; key: string; node: string }
  | { type: "child.start"; key: string; node: string; flow: string; index: number; input: Record<string, unknown> }
  | { type: "child.cancel"; key: string; node: string }
  | { type: "alert.raise"; key: string; node: string | null; alert: string; severity: "info" | "warning" | "critical"; message: LocalizedMessage }
  | { type: "alert.clear"; key: string; alert: string; raisedKey: string }
  | { type: "notify"; key: string; node: string | null; channel: string | null; to: Recipient; message: LocalizedMessage }
  | { type: "exception"; key: string; node: string; error: ErrorInfo }
  /** The order the instance works on now has this status (the node declares it in `orderStatus`); `name` is how staff see it. */
  | { type: "order.status"; key: string; node: string; status: string; name: LocalizedMessage }
  | { type: "instance.finish"; key: string; node: string | null; status: FinalStatus; output: Record<string, unknown> };

export type EffectType = Effect["type"];
export type EffectOf<T extends EffectType> = Extract<Effect, { type: T }>;

/** Events a host applies to an instance. */
export type InstanceEvent =
  | { type: "action.result"; key: string; ok: true; output?: unknown }
  | { type: "action.result"; key: string; ok: false; error: ErrorInfo }
  | { type: "timer.fired"; key: string }
  | { type: "task.submitted"; key: string; data: Record<string, unknown>; by?: string }
  | { type: "message"; event: string; correlation?: unknown; payload?: unknown }
  | { type: "child.finished"; key: string; status: FinalStatus; output?: unknown }
  | { type: "exception.retry"; node: string; by?: string }
  | { type: "exception.skip"; node: string; output?: unknown; by?: string }
  | { type: "cancel"; reason?: string; by?: string };

/** One line of an instance's history, in the order things happened. */
export type TraceEntry =
  | { type: "entered"; node: string; at: string }
  | { type: "left"; node: string; outcome: string; at: string }
  | { type: "decided"; node: string; outcome: string; explanation: string; at: string }
  | { type: "failed"; node: string; error: ErrorInfo; at: string }
  | { type: "escalated"; node: string; level: number; at: string }
  | { type: "withdrawn"; node: string; at: string }
  | { type: "finished"; status: FinalStatus; at: string };

/** What the engine remembers of each node an instance has passed through (latest visit). */
export interface StepRecord {
  key: string;
  visit: number;
  /** withdrawn: left without an outcome (the instance was cancelled, or a join went on without this branch). */
  status: "active" | "done" | "failed" | "withdrawn";
  enteredAt: string;
  outcome?: string;
  input?: unknown;
  output?: unknown;
  error?: ErrorInfo;
  by?: string;
  /** Manual retries from the exceptions list; part of the effect key so each retry is a new call. */
  retries?: number;
}

export interface Compensation {
  node: string;
  key: string;
  connector: string;
  action: string;
  input: Record<string, unknown>;
}

export interface ChildRun {
  key: string;
  status: "running" | FinalStatus;
  output?: unknown;
}

export interface InstanceContext {
  instanceId: string;
  flowId: string;
  input: unknown;
  startedAt: string;
  /** The host's clock for the event being applied, epoch ms. Set by the step API, never read from the machine. */
  now: number;
  steps: Record<string, StepRecord>;
  /** parallel node id → branches that reached the join. */
  arrived: Record<string, string[]>;
  /** for_each node id → one run per item. */
  children: Record<string, ChildRun[]>;
  /** timer and subscription keys still pending, per node. */
  pending: Record<string, string[]>;
  compensations: Compensation[];
  /** alert id → the key it was raised under, while its condition holds. */
  alerts: Record<string, string>;
  alertChecks: number;
  result?: { status: FinalStatus; output: Record<string, unknown>; node: string | null };
  /** Drained by the step API after every step; always empty in a stored snapshot. */
  outbox: Effect[];
  journal: TraceEntry[];
}

/** What a snapshot stores of the context: everything but the input, which never changes, and the drained queues. */
export type StoredContext = Omit<InstanceContext, "input" | "outbox" | "journal">;

/** The part of an instance rewritten after every event: XState's persisted snapshot, plain JSON, without the input. */
export interface InstanceSnapshot {
  status: string;
  value: unknown;
  context: StoredContext;
  [key: string]: unknown;
}

/**
 * An instance as a host stores it: the input once (the order, with its raw
 * platform payload, can be large and never changes), the snapshot after every event.
 */
export interface StoredInstance {
  snapshot: InstanceSnapshot;
  input: unknown;
}

export interface StepResult {
  snapshot: InstanceSnapshot;
  effects: Effect[];
  trace: TraceEntry[];
  status: InstanceStatus;
  /** False when the event matched nothing (a stale timer, a duplicate result): nothing changed. */
  accepted: boolean;
  /** Nodes where the instance currently waits. */
  waitingAt: string[];
  /** Nodes stopped in the exceptions list, waiting for staff to retry, skip or cancel. */
  exceptions: string[];
}

export type { RetryPolicy };
