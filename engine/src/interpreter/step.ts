/**
 * The pure step API. A host starts an instance, or applies one event to a
 * stored snapshot, at a time of its clock, and gets back the new snapshot
 * (plain JSON) and the effects to carry out, in order. Nothing here reads a
 * clock, does I/O or draws random numbers: the same events at the same times
 * give the same snapshots and effects.
 *
 * @example
 * const compiled = compileFlow(flow);
 * let step = startInstance(compiled, { instanceId: "i1", input: order, now: Date.parse("2026-11-22T09:00:00+08:00") });
 * // …carry out step.effects, store step.snapshot…
 * step = applyEvent(compiled, { snapshot: step.snapshot, input: order }, { type: "action.result", key: "i1:reserve:1", ok: true, output: {} }, now);
 */
import type { AnyMachineSnapshot } from "xstate";
import { validateFormData } from "../definition/forms";
import { monitorAlerts, isAlertCheck } from "./alerts";
import { ContextChange, stepScope } from "./machine-kit";
import { CREATED_STATE, START_EVENT, type CompiledFlow } from "./compile-flow";
import type { InstanceContext, InstanceEvent, InstanceSnapshot, InstanceStatus, StepResult, StoredContext, StoredInstance } from "./types";
import { isWaitingNode } from "../definition/outcomes";

/** The event cannot be applied as given; nothing changed. `field` names what is wrong. */
export class EventRejectedError extends Error {
  constructor(
    message: string,
    readonly field: string,
    readonly problems: { path: string; message: string }[] = [],
  ) {
    super(message);
    this.name = "EventRejectedError";
  }
}

export function startInstance(compiled: CompiledFlow, start: { instanceId: string; input: unknown; now: number }): StepResult {
  if (!start.instanceId) throw new EventRejectedError("instanceId is empty: give every instance a unique id", "instanceId");
  const created: StoredContext = {
    instanceId: start.instanceId,
    flowId: compiled.flow.id,
    startedAt: new Date(start.now).toISOString(),
    now: start.now,
    steps: {},
    arrived: {},
    children: {},
    pending: {},
    compensations: [],
    alerts: {},
    alertChecks: 0,
  };
  const change = new ContextChange(workingContext(created, start.input, start.now));
  const before = restore(compiled, CREATED_STATE, change.next);
  const snapshot = compiled.machine.transition(before, { type: START_EVENT } as never, stepScope(compiled.scope, change));
  return finishStep(compiled, change, snapshot, undefined);
}

export function applyEvent(compiled: CompiledFlow, stored: StoredInstance, event: InstanceEvent, now: number): StepResult {
  checkEvent(event);
  if (stored.snapshot.status !== "active") return unchanged(compiled, stored.snapshot);
  if (event.type === "task.submitted") checkSubmission(compiled, stored.snapshot.context, event);
  const change = new ContextChange(workingContext(stored.snapshot.context, stored.input, now));
  const before = restore(compiled, stored.snapshot.value, change.next);
  const after = compiled.machine.transition(before, event as never, stepScope(compiled.scope, change));
  if (after === before && !change.acted && !isAlertCheck(change.next, event)) return unchanged(compiled, stored.snapshot);
  return finishStep(compiled, change, after, event);
}

function finishStep(compiled: CompiledFlow, change: ContextChange, snapshot: AnyMachineSnapshot, event: InstanceEvent | undefined): StepResult {
  const running = snapshot.status !== "done";
  if (change.acted) markWithdrawn(compiled, change, snapshot.value);
  monitorAlerts(compiled.flow, change, event, running);
  const { outbox: effects, journal: trace } = change.next;
  const context = storedContext(change.next);
  const status: InstanceStatus = running ? "running" : (context.result?.status ?? "completed");
  return { snapshot: persist(snapshot, context), effects, trace, status, accepted: true, ...whereItStands(compiled, context, running) };
}

/**
 * The context a step works on, made field by field in one order, as
 * storedContext writes it back, so every context has one shape. Spreading
 * the stored context and taking it apart again with a rest pattern gave V8
 * objects it reads through its slow paths, in every action and in
 * JSON.stringify: building both field by field made a step a third faster.
 */
function workingContext(stored: StoredContext, input: unknown, now: number): InstanceContext {
  return {
    instanceId: stored.instanceId,
    flowId: stored.flowId,
    input,
    startedAt: stored.startedAt,
    now,
    steps: stored.steps,
    arrived: stored.arrived,
    children: stored.children,
    pending: stored.pending,
    compensations: stored.compensations,
    alerts: stored.alerts,
    alertChecks: stored.alertChecks,
    result: stored.result,
    outbox: [],
    journal: [],
  };
}

/** What a snapshot keeps of a step's working context: all but the input and the drained queues. */
function storedContext(next: InstanceContext): StoredContext {
  const context: StoredContext = {
    instanceId: next.instanceId,
    flowId: next.flowId,
    startedAt: next.startedAt,
    now: next.now,
    steps: next.steps,
    arrived: next.arrived,
    children: next.children,
    pending: next.pending,
    compensations: next.compensations,
    alerts: next.alerts,
    alertChecks: next.alertChecks,
  };
  if (next.result !== undefined) context.result = next.result;
  return context;
}

/** Where a running instance waits, and which of its nodes are in the exceptions list. */
function whereItStands(compiled: CompiledFlow, context: StoredContext, running: boolean): { waitingAt: string[]; exceptions: string[] } {
  const waitingAt: string[] = [];
  const exceptions: string[] = [];
  if (!running) return { waitingAt, exceptions };
  for (const id in context.steps) {
    const state = context.steps[id]!.status;
    if (state === "failed") exceptions.push(id);
    else if (state === "active" && isWaitingNode(compiled.graph.nodes.get(id)!)) waitingAt.push(id);
  }
  return { waitingAt, exceptions };
}

const resolvedStates = new WeakMap<CompiledFlow, Map<string, AnyMachineSnapshot>>();
const RESOLVED_STATES_KEPT = 1000;

/**
 * XState's snapshot for a stored state value, with the step's context.
 * `resolveState` works out the active state nodes and the state value from
 * scratch (it measured 18 µs, six times a transition); both depend on the
 * value alone, so one resolved snapshot per value is kept and copied with the
 * new context, as XState itself copies snapshots.
 */
function restore(compiled: CompiledFlow, value: unknown, context: InstanceContext): AnyMachineSnapshot {
  let byValue = resolvedStates.get(compiled);
  if (!byValue) resolvedStates.set(compiled, (byValue = new Map()));
  const key = JSON.stringify(value);
  let resolved = byValue.get(key);
  if (!resolved) {
    resolved = compiled.machine.resolveState({ value, context: {} } as never) as AnyMachineSnapshot;
    if (byValue.size >= RESOLVED_STATES_KEPT) byValue.delete(byValue.keys().next().value!);
    byValue.set(key, resolved);
  }
  return { ...resolved, context } as AnyMachineSnapshot;
}

/** The result of an event that changed nothing: it matched nothing, or the instance had finished. */
function unchanged(compiled: CompiledFlow, snapshot: InstanceSnapshot): StepResult {
  const running = snapshot.status === "active";
  const status: InstanceStatus = running ? "running" : (snapshot.context.result?.status ?? "completed");
  return { snapshot, effects: [], trace: [], status, accepted: false, ...whereItStands(compiled, snapshot.context, running) };
}

/**
 * Nodes XState has left without an outcome (a cancel, or a join that went on
 * without their branch) are marked withdrawn, so they are no longer listed as
 * waiting or as exceptions. Their exit actions have closed their tasks,
 * timers and children already.
 */
function markWithdrawn(compiled: CompiledFlow, c: ContextChange, value: unknown): void {
  const active = activeNodes(compiled, value);
  for (const [node, step] of Object.entries(c.next.steps)) {
    if ((step.status === "active" || step.status === "failed") && !active.has(node)) {
      c.updateStep(node, { status: "withdrawn" });
      c.trace({ type: "withdrawn", node });
    }
  }
}

/** The nodes whose states are active, read from a state value: node states at the top level and inside parallel branches. */
function activeNodes(compiled: CompiledFlow, value: unknown, into = new Set<string>()): Set<string> {
  const keys = typeof value === "string" ? [value] : value && typeof value === "object" ? Object.keys(value) : [];
  for (const key of keys) {
    const node = compiled.graph.nodes.get(key);
    if (!node) continue;
    into.add(key);
    if (node.kind === "parallel") {
      for (const branch of Object.values((value as Record<string, Record<string, unknown>>)[key] ?? {})) activeNodes(compiled, branch, into);
    }
  }
  return into;
}

/**
 * The stored form of a snapshot. XState's getPersistedSnapshot walks the whole
 * context looking for actor references; an orderflow context is plain JSON
 * and its machines have no child actors or history states, so the stored
 * form is built directly (it measured 7% of a step).
 */
function persist(snapshot: AnyMachineSnapshot, context: StoredContext): InstanceSnapshot {
  const { status, value, output, error } = snapshot;
  return {
    status,
    value,
    historyValue: {},
    children: {},
    context,
    ...(output !== undefined ? { output } : {}),
    ...(error !== undefined ? { error } : {}),
  };
}

const REQUIRED_FIELDS: Record<InstanceEvent["type"], string[]> = {
  "action.result": ["key", "ok"],
  "timer.fired": ["key"],
  "task.submitted": ["key", "data"],
  message: ["event"],
  "child.finished": ["key", "status"],
  "exception.retry": ["node"],
  "exception.skip": ["node"],
  cancel: [],
};

function checkEvent(event: InstanceEvent): void {
  const fields = REQUIRED_FIELDS[event?.type];
  if (!fields) {
    throw new EventRejectedError(`Unknown event type ${JSON.stringify(event?.type)}: use one of ${Object.keys(REQUIRED_FIELDS).join(", ")}`, "type");
  }
  for (const field of fields) {
    if ((event as unknown as Record<string, unknown>)[field] === undefined) {
      throw new EventRejectedError(`A ${event.type} event needs "${field}"`, field);
    }
  }
  if (event.type === "action.result" && !event.ok && typeof event.error?.message !== "string") {
    throw new EventRejectedError('A failed action.result needs "error": { "message": "…" }', "error");
  }
  if (event.type === "task.submitted" && (typeof event.data !== "object" || event.data === null || Array.isArray(event.data))) {
    throw new EventRejectedError('"data" of task.submitted must be an object of form fields', "data");
  }
}

/** A submission for an open task must fit the task's form; a bad one is refused with every problem, the task stays open. */
function checkSubmission(compiled: CompiledFlow, context: StoredContext, event: Extract<InstanceEvent, { type: "task.submitted" }>): void {
  for (const [id, step] of Object.entries(context.steps)) {
    if (step.key !== event.key || step.status !== "active") continue;
    const node = compiled.graph.nodes.get(id);
    if (node?.kind !== "task") return;
    const form = compiled.flow.forms?.[node.form];
    if (!form) return;
    const problems = validateFormData(form, event.data);
    if (problems.length > 0) {
      throw new EventRejectedError(
        `The form "${node.form}" was not filled in correctly: ${problems.map((p) => `${p.path || "/"}: ${p.message}`).join("; ")}`,
        "data",
        problems,
      );
    }
    return;
  }
}
