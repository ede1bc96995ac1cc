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
 * @example
 * const { result } = await deliverEvent(execution, "DB20261122000123", { type: "task.submitted", key, data }, { actor: "picker-wang" });
 */
import { randomUUID } from "node:crypto";
import { applyEvent, startInstance, type InstanceEvent, type StepResult } from "@orderflow/engine";
import type { Kysely, Transaction } from "kysely";
import type { Database } from "../storage/schema";
import type { FlowVersions } from "./flow-versions";
import { planWrites, type StepCause } from "./plan-writes";
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
}

export type { CommittedStep };

const uncommitted = new WeakMap<Transaction<Database>, CommittedStep[]>();

/**
 * Runs `work` in a transaction whose steps reach `execution.afterCommit`
 * once it commits. Use it instead of `db.transaction()` around `startFlowIn`
 * and `flushBatch`.
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

/** Writes a batch in the transaction, its steps to be reported once that commits. */
export async function flushBatch(execution: Execution, tx: Transaction<Database>, batch: WriteBatch): Promise<void> {
  await batch.flush(tx, execution.clock());
  uncommitted.get(tx)?.push(...batch.steps);
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

interface Loaded {
  state: InstanceState;
  version: number;
}

async function applyIn(execution: Execution, tx: Transaction<Database>, batch: WriteBatch, deliveries: readonly EventDelivery[]): Promise<DeliveryOutcome[]> {
  const ids = [...new Set(deliveries.map((d) => d.instanceId))];
  const rows = await tx
    .selectFrom("instances")
    .select(["id", "flow_id", "flow_version", "status", "snapshot", "input", "version", "waiting_at", "exceptions", "parent_id", "parent_key", "order_id", "history_length", "created_at", "updated_at"])
    .where("id", "in", ids)
    .orderBy("id")
    .forUpdate()
    .execute();
  const loaded = new Map<string, Loaded>();
  for (const row of rows) {
    loaded.set(row.id, {
      version: row.version,
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
    const instance = loaded.get(instanceId);
    if (!instance) {
      outcomes.push({ ok: false, error: new InstanceNotFoundError(instanceId) });
      continue;
    }
    const compiled = await execution.flows.get(tx, instance.state.flowId, instance.state.flowVersion);
    const at = execution.clock();
    const result = applyEvent(compiled, { snapshot: instance.state.snapshot, input: instance.state.input }, event, at.getTime());
    outcomes.push({ ok: true, result });
    if (!result.accepted) continue;

    const { state } = instance;
    const parent = state.parentId && state.parentKey ? { id: state.parentId, key: state.parentKey } : null;
    const plan = planWrites(parent, { event, actor: actor ?? null, at }, result);
    instance.state = { ...state, snapshot: result.snapshot, status: result.status, waitingAt: result.waitingAt, exceptions: result.exceptions, historyLength: state.historyLength + plan.history.length, updatedAt: at };
    batch.update(instance.state, instance.version);
    await addPlan(execution, tx, batch, { instanceId: state.id, orderId: state.orderId, plan }, state.historyLength + 1);
  }
  return outcomes;
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
    historyLength: plan.history.length,
    createdAt: at,
    updatedAt: at,
  });
  await addPlan(execution, tx, batch, { instanceId, orderId: options.orderId ?? null, plan }, 1);
  return { instanceId, result };
}

/** Adds a step's writes, and starts the children it asks for (once: a child's id is its effect's key). */
async function addPlan(execution: Execution, tx: Transaction<Database>, batch: WriteBatch, step: CommittedStep, firstSeq: number): Promise<void> {
  batch.add(step, firstSeq);
  const { instanceId, plan } = step;
  for (const child of plan.startChildren) {
    if (batch.inserts(child.key)) continue;
    const exists = await tx.selectFrom("instances").select("id").where("id", "=", child.key).executeTakeFirst();
    if (!exists) await startIn(execution, tx, batch, { flowId: child.flow, input: child.input, instanceId: child.key }, { id: instanceId, key: child.key });
  }
}
