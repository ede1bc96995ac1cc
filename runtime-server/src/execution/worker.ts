/**
 * The worker: carries out outbox rows after their transaction committed.
 * It claims due rows (FOR UPDATE SKIP LOCKED, a lease, a fencing token), so
 * any number of workers in any number of processes share the work and none
 * does a row twice at once. A row's outcome is recorded in the same
 * transaction as the event it delivers to its instance: a timer is "done"
 * exactly when its instance has seen it fire. A connector call is retried
 * with exponential backoff and jitter per the node's policy; after the last
 * attempt the instance gets the error (its `error` edge, or the exceptions list).
 */
import type { EffectOf, InstanceEvent } from "@orderflow/engine";
import { claimDue, completeClaimed, type ClaimOutcome, type OutboxRow } from "../storage/outbox";
import { deliverEvent, InstanceNotFoundError, type Execution } from "./apply-step";
import { publishMessage } from "./messages";
import type { Delivery, OutboxType } from "./plan-writes";

export interface ConnectorCall {
  connector: string;
  action: string;
  input: Record<string, unknown>;
  /** The effect's key: the connector passes it on so the far side does the call once however often it is made. */
  idempotencyKey: string;
  attempt: number;
  timeoutMs: number;
}

export type ConnectorOutcome =
  | { ok: true; output: unknown }
  | { ok: false; error: { message: string; code?: string }; retryable: boolean; retryAfterMs?: number };

/** How the worker reaches connectors (the connectors package provides the real one). */
export interface ConnectorRuntime {
  invoke(call: ConnectorCall): Promise<ConnectorOutcome>;
  notify(notification: EffectOf<"notify">, idempotencyKey: string): Promise<ConnectorOutcome>;
}

export interface WorkerOptions {
  execution: Execution;
  connectors: ConnectorRuntime;
  /** Names this worker in lease_owner. */
  owner: string;
  leaseMs?: number;
  batch?: number;
  /** For the jitter of retry delays; tests pass a fixed one. */
  random?: () => number;
}

export interface Worker {
  /** Claims the rows due now and carries them out; returns how many it claimed. */
  runOnce(): Promise<number>;
  /** Keeps running until stopped, polling every `intervalMs` when idle. */
  start(intervalMs?: number): void;
  stop(): Promise<void>;
}

/** Backoff for work with no policy of its own: notifications, and any row after database trouble. */
const INTERNAL_RETRY = { initialDelayMs: 5_000, backoffFactor: 2, maxDelayMs: 30 * 60_000 };

export function createWorker(options: WorkerOptions): Worker {
  const { execution, connectors, owner } = options;
  const leaseMs = options.leaseMs ?? 60_000;
  const batch = options.batch ?? 32;
  const random = options.random ?? Math.random;
  let running: Promise<void> | undefined;
  let stopping = false;

  const runOnce = async (): Promise<number> => {
    const rows = await claimDue(execution.db, { owner, limit: batch, leaseMs, now: execution.clock() });
    await Promise.all(rows.map((row) => carryOut(row)));
    return rows.length;
  };

  /** Records the outcome unless the lease was lost; `within` a transaction when given. */
  const complete = async (db: Parameters<typeof completeClaimed>[0], row: OutboxRow, outcome: ClaimOutcome) => {
    const ours = await completeClaimed(db, { id: row.id, fencingToken: row.fencing_token, now: execution.clock(), outcome });
    if (!ours) throw new LeaseLost(row.key);
  };

  /** Delivers an event and completes the row in one transaction; a lost lease undoes both. */
  const deliverAndComplete = async (row: OutboxRow, instanceId: string, event: InstanceEvent) => {
    try {
      await deliverEvent(execution, instanceId, event, { within: (tx) => complete(tx, row, { status: "done" }) });
    } catch (error) {
      if (error instanceof LeaseLost) return;
      if (error instanceof InstanceNotFoundError) return complete(execution.db, row, { status: "dead", error: error.message }).catch(ignoreLost);
      throw error;
    }
  };

  const carryOut = async (row: OutboxRow): Promise<void> => {
    try {
      switch (row.type as OutboxType) {
        case "timer":
          return await deliverAndComplete(row, row.instance_id!, { type: "timer.fired", key: row.key });
        case "deliver": {
          const delivery = row.payload as Delivery;
          return await deliverAndComplete(row, delivery.instanceId, delivery.event);
        }
        case "publish":
          return await publish(row);
        case "action.invoke":
          return await invoke(row);
        case "notify":
          return await notify(row);
        default:
          return await complete(execution.db, row, { status: "dead", error: `unknown outbox row type "${row.type}"` });
      }
    } catch (error) {
      if (error instanceof LeaseLost) return;
      // Database trouble: try again later, as long as attempts remain.
      const message = error instanceof Error ? error.message : String(error);
      const outcome: ClaimOutcome =
        row.attempts >= row.max_attempts ? { status: "dead", error: message } : { status: "retry", at: later(INTERNAL_RETRY, row.attempts), error: message };
      await complete(execution.db, row, outcome).catch(ignoreLost);
    }
  };

  const invoke = async (row: OutboxRow) => {
    const effect = row.payload as EffectOf<"action.invoke">;
    const outcome = await withTimeout(
      connectors.invoke({ connector: effect.connector, action: effect.action, input: effect.input, idempotencyKey: row.key, attempt: row.attempts, timeoutMs: effect.timeoutMs }),
      effect.timeoutMs,
    );
    if (outcome.ok) return deliverAndComplete(row, row.instance_id!, { type: "action.result", key: row.key, ok: true, output: outcome.output });
    if (outcome.retryable && row.attempts < row.max_attempts) {
      const at = new Date(Math.max(later(effect.retry, row.attempts).getTime(), execution.clock().getTime() + (outcome.retryAfterMs ?? 0)));
      return complete(execution.db, row, { status: "retry", at, error: outcome.error.message });
    }
    if (effect.compensation) return complete(execution.db, row, { status: "dead", error: outcome.error.message });
    return deliverAndComplete(row, row.instance_id!, { type: "action.result", key: row.key, ok: false, error: outcome.error });
  };

  /**
   * A notice nobody waits for yet usually came before its order reached the
   * wait (platforms send out of order): it is offered again with backoff,
   * and given up (dead, for staff to see) only when its attempts run out.
   */
  const publish = async (row: OutboxRow) => {
    const message = row.payload as { event: string; correlation: unknown; payload?: unknown };
    const took = await publishMessage(execution, message.event, message.correlation, message.payload);
    if (took.length > 0) return complete(execution.db, row, { status: "done" });
    const error = `no instance waits for "${message.event}" with correlation ${JSON.stringify(message.correlation ?? null)}`;
    return complete(execution.db, row, row.attempts >= row.max_attempts ? { status: "dead", error } : { status: "retry", at: later(INTERNAL_RETRY, row.attempts), error });
  };

  const notify = async (row: OutboxRow) => {
    const outcome = await withTimeout(connectors.notify(row.payload as EffectOf<"notify">, row.key), 30_000);
    if (outcome.ok) return complete(execution.db, row, { status: "done" });
    const last = !outcome.retryable || row.attempts >= row.max_attempts;
    return complete(execution.db, row, last ? { status: "dead", error: outcome.error.message } : { status: "retry", at: later(INTERNAL_RETRY, row.attempts), error: outcome.error.message });
  };

  /** Exponential backoff with jitter: the n-th retry waits initial × factor^(n-1), capped, times 0.5–1. */
  const later = (policy: { initialDelayMs: number; backoffFactor: number; maxDelayMs: number }, attempt: number): Date => {
    const delay = Math.min(policy.initialDelayMs * policy.backoffFactor ** Math.max(0, attempt - 1), policy.maxDelayMs);
    return new Date(execution.clock().getTime() + delay * (0.5 + random() / 2));
  };

  return {
    runOnce,
    start(intervalMs = 200) {
      if (running) return;
      stopping = false;
      running = (async () => {
        while (!stopping) {
          const claimed = await runOnce().catch(() => 0);
          if (claimed === 0 && !stopping) await new Promise((resolve) => setTimeout(resolve, intervalMs));
        }
      })();
    },
    async stop() {
      stopping = true;
      await running;
      running = undefined;
    },
  };
}

class LeaseLost extends Error {
  constructor(key: string) {
    super(`the lease on outbox row ${key} was lost`);
  }
}

const ignoreLost = (error: unknown) => {
  if (!(error instanceof LeaseLost)) throw error;
};

async function withTimeout(call: Promise<ConnectorOutcome>, timeoutMs: number): Promise<ConnectorOutcome> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<ConnectorOutcome>((resolve) => {
    timer = setTimeout(() => resolve({ ok: false, error: { code: "timeout", message: `no answer within ${timeoutMs} ms` }, retryable: true }), timeoutMs);
  });
  try {
    return await Promise.race([call.catch((error: unknown) => ({ ok: false as const, error: { message: error instanceof Error ? error.message : String(error) }, retryable: true })), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
