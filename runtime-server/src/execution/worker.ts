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
import { claimDue, completeAllClaimed, completeClaimed, type ClaimOutcome, type OutboxRow } from "../storage/outbox";
import { deliverEvent, deliverEvents, InstanceNotFoundError, type Execution } from "./apply-step";
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
  /** Rows claimed at a time; their results commit together. */
  batch?: number;
  /** Batches carried out at once by `start()`: one waits for connectors while another commits. */
  concurrency?: number;
  /** For the jitter of retry delays; tests pass a fixed one. */
  random?: () => number;
}

export interface Worker {
  /** Claims the rows due now and carries them out; returns how many it claimed. */
  runOnce(): Promise<number>;
  /** Keeps running until stopped, polling every `intervalMs` when idle. */
  start(intervalMs?: number): void;
  /** Looks for due rows now rather than at the next poll (new work was just committed). */
  wake(): void;
  stop(): Promise<void>;
}

/** Backoff for work with no policy of its own: notifications, and any row after database trouble. */
const INTERNAL_RETRY = { initialDelayMs: 5_000, backoffFactor: 2, maxDelayMs: 30 * 60_000 };

/**
 * What a claimed row leaves to commit once its side effect is done: an event
 * for its instance (the row is done with it), or just the row's outcome.
 */
type Settled = { row: OutboxRow; instanceId: string; event: InstanceEvent } | { row: OutboxRow; outcome: ClaimOutcome };

export function createWorker(options: WorkerOptions): Worker {
  const { execution, connectors, owner } = options;
  const leaseMs = options.leaseMs ?? 60_000;
  const batch = options.batch ?? 64;
  const concurrency = options.concurrency ?? 2;
  const random = options.random ?? Math.random;
  let loops: Promise<void>[] = [];
  let stopping = false;
  let wakeUp: (() => void)[] = [];

  /**
   * Claims a batch, carries out every row's side effect at once, then
   * commits all their results in one transaction. If that transaction
   * fails, each row is committed on its own, so one bad row holds up no
   * other.
   */
  const runOnce = async (): Promise<number> => {
    const rows = await claimDue(execution.db, { owner, limit: batch, leaseMs, now: execution.clock() });
    const settled = (await Promise.all(rows.map((row) => settle(row).catch((error: unknown) => afterTrouble(row, error))))).filter((s): s is Settled => s !== null);
    if (settled.length > 0) {
      await commitTogether(settled).catch(() => Promise.all(settled.map((each) => commitAlone(each).catch((error: unknown) => afterTrouble(each.row, error)))));
    }
    return rows.length;
  };

  /** Does a row's side effect; null when the row was dealt with completely (a message published). */
  const settle = async (row: OutboxRow): Promise<Settled | null> => {
    switch (row.type as OutboxType) {
      case "timer":
        return { row, instanceId: row.instance_id!, event: { type: "timer.fired", key: row.key } };
      case "deliver": {
        const delivery = row.payload as Delivery;
        return { row, instanceId: delivery.instanceId, event: delivery.event };
      }
      case "publish":
        return publish(row);
      case "action.invoke":
        return invoke(row);
      case "notify":
        return notify(row);
      default:
        return { row, outcome: { status: "dead", error: `unknown outbox row type "${row.type}"` } };
    }
  };

  const invoke = async (row: OutboxRow): Promise<Settled> => {
    const effect = row.payload as EffectOf<"action.invoke">;
    const outcome = await withTimeout(
      connectors.invoke({ connector: effect.connector, action: effect.action, input: effect.input, idempotencyKey: row.key, attempt: row.attempts, timeoutMs: effect.timeoutMs }),
      effect.timeoutMs,
    );
    if (outcome.ok) return { row, instanceId: row.instance_id!, event: { type: "action.result", key: row.key, ok: true, output: outcome.output } };
    if (outcome.retryable && row.attempts < row.max_attempts) {
      const at = new Date(Math.max(later(effect.retry, row.attempts).getTime(), execution.clock().getTime() + (outcome.retryAfterMs ?? 0)));
      return { row, outcome: { status: "retry", at, error: outcome.error.message } };
    }
    if (effect.compensation) return { row, outcome: { status: "dead", error: outcome.error.message } };
    return { row, instanceId: row.instance_id!, event: { type: "action.result", key: row.key, ok: false, error: outcome.error } };
  };

  /**
   * A notice nobody waits for yet usually came before its order reached the
   * wait (platforms send out of order): it is offered again with backoff,
   * and given up (dead, for staff to see) only when its attempts run out.
   */
  const publish = async (row: OutboxRow): Promise<Settled> => {
    const message = row.payload as { event: string; correlation: unknown; payload?: unknown };
    const took = await publishMessage(execution, message.event, message.correlation, message.payload);
    if (took.length > 0) return { row, outcome: { status: "done" } };
    const error = `no instance waits for "${message.event}" with correlation ${JSON.stringify(message.correlation ?? null)}`;
    return { row, outcome: row.attempts >= row.max_attempts ? { status: "dead", error } : { status: "retry", at: later(INTERNAL_RETRY, row.attempts), error } };
  };

  const notify = async (row: OutboxRow): Promise<Settled> => {
    const outcome = await withTimeout(connectors.notify(row.payload as EffectOf<"notify">, row.key), 30_000);
    if (outcome.ok) return { row, outcome: { status: "done" } };
    const last = !outcome.retryable || row.attempts >= row.max_attempts;
    // A robot that says "too many, come back in a minute" is not asked again sooner.
    const at = new Date(Math.max(later(INTERNAL_RETRY, row.attempts).getTime(), execution.clock().getTime() + (outcome.retryAfterMs ?? 0)));
    return { row, outcome: last ? { status: "dead", error: outcome.error.message } : { status: "retry", at, error: outcome.error.message } };
  };

  /** Every event and outcome in one transaction; a row whose lease was lost undoes the whole batch (then each goes alone). */
  const commitTogether = async (settled: Settled[]) => {
    const deliveries = settled.filter((s) => "event" in s);
    await deliverEvents(
      execution,
      deliveries.map(({ instanceId, event }) => ({ instanceId, event })),
      async (tx, outcomes) => {
        const completions = settled.map((s) => {
          if (!("event" in s)) return { row: s.row, outcome: s.outcome };
          const delivered = outcomes[deliveries.indexOf(s)]!;
          return { row: s.row, outcome: delivered.ok ? ({ status: "done" } as const) : ({ status: "dead", error: delivered.error.message } as const) };
        });
        const lost = await completeAllClaimed(tx, completions.map(({ row, outcome }) => ({ id: row.id, fencingToken: row.fencing_token, outcome })), execution.clock());
        if (lost.length > 0) throw new LeaseLost(lost.join(", "));
      },
    );
  };

  /** One row's result in its own transaction; a lost lease drops it. */
  const commitAlone = async (settled: Settled): Promise<void> => {
    const { row } = settled;
    if (!("event" in settled)) return complete(execution.db, row, settled.outcome).catch(ignoreLost);
    try {
      await deliverEvent(execution, settled.instanceId, settled.event, { within: (tx) => complete(tx, row, { status: "done" }) });
    } catch (error) {
      if (error instanceof LeaseLost) return;
      if (error instanceof InstanceNotFoundError) return complete(execution.db, row, { status: "dead", error: error.message }).catch(ignoreLost);
      throw error;
    }
  };

  /** Records the outcome unless the lease was lost; `within` a transaction when given. */
  const complete = async (db: Parameters<typeof completeClaimed>[0], row: OutboxRow, outcome: ClaimOutcome) => {
    const ours = await completeClaimed(db, { id: row.id, fencingToken: row.fencing_token, now: execution.clock(), outcome });
    if (!ours) throw new LeaseLost(row.key);
  };

  /** Database trouble: try the row again later, as long as attempts remain. */
  const afterTrouble = async (row: OutboxRow, error: unknown): Promise<null> => {
    if (error instanceof LeaseLost) return null;
    const message = error instanceof Error ? error.message : String(error);
    const outcome: ClaimOutcome =
      row.attempts >= row.max_attempts ? { status: "dead", error: message } : { status: "retry", at: later(INTERNAL_RETRY, row.attempts), error: message };
    await complete(execution.db, row, outcome).catch(() => {});
    return null;
  };

  /** Exponential backoff with jitter: the n-th retry waits initial × factor^(n-1), capped, times 0.5–1. */
  const later = (policy: { initialDelayMs: number; backoffFactor: number; maxDelayMs: number }, attempt: number): Date => {
    const delay = Math.min(policy.initialDelayMs * policy.backoffFactor ** Math.max(0, attempt - 1), policy.maxDelayMs);
    return new Date(execution.clock().getTime() + delay * (0.5 + random() / 2));
  };

  const idle = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wakeUp = wakeUp.filter((each) => each !== done);
        resolve();
      }
      wakeUp.push(done);
    });

  const wake = () => {
    for (const resolve of wakeUp) resolve();
  };

  return {
    runOnce,
    wake,
    start(intervalMs = 200) {
      if (loops.length > 0) return;
      stopping = false;
      loops = Array.from({ length: concurrency }, async () => {
        while (!stopping) {
          const claimed = await runOnce().catch(() => 0);
          if (claimed < batch && !stopping) await idle(intervalMs);
        }
      });
    },
    async stop() {
      stopping = true;
      wake();
      await Promise.all(loops);
      loops = [];
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
