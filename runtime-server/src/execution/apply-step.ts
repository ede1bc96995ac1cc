/**
 * Applying external events to instances durably: in ONE transaction, load
 * the instances, run the engine until each waits, and write the new
 * snapshots with their history, outbox rows, tasks, subscriptions and
 * alerts (DESIGN.md, decision 3). The instances are locked as they are read
 * (in id order, so two batches never wait for each other in a circle), and
 * written only if their version is still the one read: two events for one
 * instance never interleave, and the loser of a race starts over on the
 * winner's snapshot.
 *
 * One event or many: a worker applies a whole batch of connector results in
 * one transaction (`deliverEvents`); events for the same instance are applied
 * in the order given.
 *
 * Calls to inline actions (`Execution.inline`: the built-in inventory) are
 * carried out before the transaction's writes, in it, and their results
 * applied at once, round after round until every instance waits for
 * something else: an order is received, reserved and routed in one commit.
 *
 * @example
 * const { result } = await deliverEvent(execution, "DB20261122000123", { type: "task.submitted", key, data }, { actor: "picker-wang" });
 */
import { randomUUID } from "node:crypto";
import { applyEvent, startInstance, type EffectOf, type InstanceEvent, type StepResult } from "@orderflow/engine";
import type { Kysely, Transaction } from "kysely";
import { groupBy } from "../group-by";
import type { Database } from "../storage/schema";
import type { InlineActions } from "./connector-registry";
import type { FlowVersions } from "./flow-versions";
import { historyEntries, planWrites, type OutboxRow, type StepCause } from "./plan-writes";
import type { ConnectorCall } from "./worker";
import { ConcurrentChange, createWriteBatch, type CommittedStep, type InstanceState, type WriteBatch } from "./write-batch";

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
  /** Actions done inside the calling step's transaction, by connector id (see InlineActions). */
  inline?: Readonly<Record<string, InlineActions>>;
  /**
   * How many transactions webhook intake keeps open at once (default 1; see
   * storage/group-commit.ts): several on PostgreSQL, one on the embedded
   * database, which runs one transaction at a time anyway.
   */
  lanes?: number;
}

export type { CommittedStep };

interface TransactionContext {
  /** The steps written so far, for afterCommit. */
  changes: CommittedStep[];
  /** Whether inline actions run in this transaction (not in a retry after they failed). */
  inline: boolean;
}

const contexts = new WeakMap<Transaction<Database>, TransactionContext>();

/** Inline work hit database trouble; the transaction is done again without it. */
class InlineFailed extends Error {
  constructor(readonly connector: string, cause: unknown) {
    super(`inline actions of connector "${connector}" failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}

/**
 * Runs `work` in a transaction whose steps reach `execution.afterCommit`
 * once it commits. Use it instead of `db.transaction()` around `startFlowIn`
 * and `flushBatch`. If inline actions fail in it, `work` runs once more in a
 * new transaction that leaves those calls to the workers (who retry them).
 */
export async function inExecutionTransaction<T>(execution: Execution, work: (tx: Transaction<Database>) => Promise<T>): Promise<T> {
  const attempt = async (inline: boolean) => {
    const context: TransactionContext = { changes: [], inline };
    const result = await execution.db.transaction().execute((tx) => {
      contexts.set(tx, context);
      return work(tx);
    });
    if (context.changes.length > 0) execution.afterCommit?.(context.changes);
    return result;
  };
  try {
    return await attempt(execution.inline !== undefined);
  } catch (error) {
    if (!(error instanceof InlineFailed)) throw error;
    return attempt(false);
  }
}

/** Writes a batch in the transaction (after its inline actions), its steps to be reported once that commits. */
export async function flushBatch(execution: Execution, tx: Transaction<Database>, batch: WriteBatch): Promise<void> {
  const context = contexts.get(tx);
  if (context?.inline) await runInline(execution, tx, batch);
  await batch.flush(tx, execution.clock());
  context?.changes.push(...batch.steps);
}

export class InstanceNotFoundError extends Error {
  constructor(readonly instanceId: string) {
    super(`No instance "${instanceId}"`);
    this.name = "InstanceNotFoundError";
  }
}

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
  return inExecutionTransaction(execution, (tx) => startFlowIn(execution, tx, options));
}

/** Starts an instance inside a transaction the caller holds (e.g. with the order that started it). */
export async function startFlowIn(execution: Execution, tx: Transaction<Database>, options: StartOptions): Promise<{ instanceId: string; result: StepResult }> {
  const batch = createWriteBatch();
  const started = await startIn(execution, tx, batch, options, null);
  await flushBatch(execution, tx, batch);
  return started;
}

/** Starts instances into a batch the caller flushes (intake stores many orders in one transaction). */
export function startInBatch(execution: Execution, tx: Transaction<Database>, batch: WriteBatch, options: StartOptions): Promise<{ instanceId: string; result: StepResult }> {
  return startIn(execution, tx, batch, options, null);
}

export interface EventDelivery {
  instanceId: string;
  event: InstanceEvent;
  actor?: string | null;
}

/** What became of one delivery: the step, or why there was none. */
export type DeliveryOutcome = { ok: true; result: StepResult } | { ok: false; error: InstanceNotFoundError };

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
  options: { actor?: string | null; within?: (tx: Transaction<Database>, result: StepResult) => Promise<void> } = {},
): Promise<{ result: StepResult }> {
  const [outcome] = await deliverEvents(execution, [{ instanceId, event, actor: options.actor ?? null }], async (tx, [only]) => {
    if (only?.ok) await options.within?.(tx, only.result);
  });
  if (!outcome!.ok) throw outcome!.error;
  return { result: outcome!.result };
}

/**
 * Applies many events in one transaction, in order; `within` runs in it
 * after everything is written, with each delivery's outcome. An instance
 * that does not exist fails its own delivery only.
 */
export async function deliverEvents(
  execution: Execution,
  deliveries: readonly EventDelivery[],
  within?: (tx: Transaction<Database>, outcomes: DeliveryOutcome[]) => Promise<void>,
): Promise<DeliveryOutcome[]> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await inExecutionTransaction(execution, async (tx) => {
        const batch = createWriteBatch();
        const outcomes = await applyIn(execution, tx, batch, deliveries);
        await flushBatch(execution, tx, batch);
        await within?.(tx, outcomes);
        return outcomes;
      });
    } catch (error) {
      if (!(error instanceof ConcurrentChange) || attempt >= ATTEMPTS_ON_CONFLICT) throw error;
    }
  }
}

/**
 * Applies each delivery to its instance: as this batch left it, else as
 * read (and locked) from the database.
 */
async function applyIn(execution: Execution, tx: Transaction<Database>, batch: WriteBatch, deliveries: readonly EventDelivery[]): Promise<DeliveryOutcome[]> {
  const ids = [...new Set(deliveries.map((d) => d.instanceId))].filter((id) => !batch.instance(id));
  const rows =
    ids.length === 0
      ? []
      : await tx
          .selectFrom("instances")
          .select(["id", "flow_id", "flow_version", "status", "snapshot", "input", "version", "waiting_at", "exceptions", "parent_id", "parent_key", "order_id", "history_length", "created_at", "updated_at"])
          .where("id", "in", ids)
          .orderBy("id")
          .forUpdate()
          .execute();
  const read = new Map<string, { state: InstanceState; readVersion: number }>();
  for (const row of rows) {
    read.set(row.id, {
      readVersion: row.version,
      state: {
        id: row.id,
        flowId: row.flow_id,
        flowVersion: row.flow_version,
        input: row.input,
        snapshot: row.snapshot,
        status: row.status,
        waitingAt: row.waiting_at,
        exceptions: row.exceptions,
        parentId: row.parent_id,
        parentKey: row.parent_key,
        orderId: row.order_id,
        historyLength: row.history_length,
        createdAt: row.created_at,
        updatedAt: row.updated_at,
      },
    });
  }

  const outcomes: DeliveryOutcome[] = [];
  for (const { instanceId, event, actor } of deliveries) {
    const instance = batch.instance(instanceId) ?? read.get(instanceId);
    if (!instance) {
      outcomes.push({ ok: false, error: new InstanceNotFoundError(instanceId) });
      continue;
    }
    const { state } = instance;
    const compiled = await execution.flows.get(tx, state.flowId, state.flowVersion);
    const at = execution.clock();
    const result = applyEvent(compiled, { snapshot: state.snapshot, input: state.input }, event, at.getTime());
    outcomes.push({ ok: true, result });
    if (!result.accepted) continue;

    const parent = state.parentId && state.parentKey ? { id: state.parentId, key: state.parentKey } : null;
    const plan = planWrites(parent, { event, actor: actor ?? null, at }, result);
    batch.update(
      { ...state, snapshot: result.snapshot, status: result.status, waitingAt: result.waitingAt, exceptions: result.exceptions, historyLength: state.historyLength + historyEntries(plan), updatedAt: at },
      instance.readVersion,
    );
    await addPlan(execution, tx, batch, { instanceId: state.id, orderId: state.orderId, plan, firstSeq: state.historyLength + 1 });
  }
  return outcomes;
}

/** A flow that keeps calling inline actions in a loop hands the rest to the workers after this many rounds. */
const INLINE_ROUNDS = 16;

/**
 * Carries out the batch's calls to inline actions in the transaction and
 * applies their results, which may call more (reserve, then route): round
 * after round, every instance's calls together. A call that fails in a way
 * a retry might cure, or whose failure has a compensation to run, goes to
 * the workers as if it had never been tried here.
 */
async function runInline(execution: Execution, tx: Transaction<Database>, batch: WriteBatch): Promise<void> {
  const inline = execution.inline!;
  const inlineAction = (row: OutboxRow) => {
    if (row.type !== "action.invoke") return false;
    const effect = row.payload as EffectOf<"action.invoke">;
    return inline[effect.connector]?.runsInline(effect.action) ?? false;
  };
  for (let round = 1; round <= INLINE_ROUNDS; round++) {
    const taken = batch.takeOutbox(inlineAction);
    if (taken.length === 0) return;
    const deliveries: EventDelivery[] = [];
    for (const [connector, calls] of groupBy(taken, ({ row }) => (row.payload as EffectOf<"action.invoke">).connector)) {
      const outcomes = await inline[connector]!.invokeAllIn(tx, calls.map(({ row }) => callOf(row)), batch).catch((error: unknown) => {
        throw new InlineFailed(connector, error);
      });
      calls.forEach(({ instanceId, row }, index) => {
        const outcome = outcomes[index]!;
        const effect = row.payload as EffectOf<"action.invoke">;
        if (outcome.ok) deliveries.push({ instanceId: instanceId!, event: { type: "action.result", key: row.key, ok: true, output: outcome.output } });
        else if (!outcome.retryable && !effect.compensation) deliveries.push({ instanceId: instanceId!, event: { type: "action.result", key: row.key, ok: false, error: outcome.error } });
        else batch.enqueue(instanceId, row);
      });
    }
    await applyIn(execution, tx, batch, deliveries);
  }
}

function callOf(row: OutboxRow): ConnectorCall {
  const effect = row.payload as EffectOf<"action.invoke">;
  return { connector: effect.connector, action: effect.action, input: effect.input, idempotencyKey: row.key, attempt: 1, timeoutMs: effect.timeoutMs };
}

async function startIn(execution: Execution, tx: Transaction<Database>, batch: WriteBatch, options: StartOptions, parent: { id: string; key: string } | null) {
  const { version, compiled } =
    options.version === undefined
      ? await execution.flows.latest(tx, options.flowId)
      : { version: options.version, compiled: await execution.flows.get(tx, options.flowId, options.version) };
  const instanceId = options.instanceId ?? randomUUID();
  const at = execution.clock();
  const result = startInstance(compiled, { instanceId, input: options.input, now: at.getTime() });
  const cause: StepCause = { event: { type: "instance.start", input: options.input }, actor: options.actor ?? null, at };
  const plan = planWrites(parent, cause, result);
  batch.insert({
    id: instanceId,
    flowId: options.flowId,
    flowVersion: version,
    input: options.input,
    snapshot: result.snapshot,
    status: result.status,
    waitingAt: result.waitingAt,
    exceptions: result.exceptions,
    parentId: parent?.id ?? null,
    parentKey: parent?.key ?? null,
    orderId: options.orderId ?? null,
    historyLength: historyEntries(plan),
    createdAt: at,
    updatedAt: at,
  });
  await addPlan(execution, tx, batch, { instanceId, orderId: options.orderId ?? null, plan, firstSeq: 1 });
  return { instanceId, result };
}

/** Adds a step's writes, and starts the children it asks for (once: a child's id is its effect's key), each working on its parent's order. */
async function addPlan(execution: Execution, tx: Transaction<Database>, batch: WriteBatch, step: CommittedStep): Promise<void> {
  batch.add(step);
  const { instanceId, plan } = step;
  for (const child of plan.startChildren) {
    if (batch.inserts(child.key)) continue;
    const exists = await tx.selectFrom("instances").select("id").where("id", "=", child.key).executeTakeFirst();
    if (!exists) await startIn(execution, tx, batch, { flowId: child.flow, input: child.input, instanceId: child.key, orderId: step.orderId }, { id: instanceId, key: child.key });
  }
}
