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
import { ContextChange } from "./machine-kit";
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
  const context = ContextChange.forStep({
    instanceId: start.instanceId,
    flowId: compiled.flow.id,
    input: start.input,
    startedAt: new Date(start.now).toISOString(),
    now: start.now,
    steps: {},
    arrived: {},
    children: {},
    pending: {},
    compensations: [],
    alerts: {},
    alertChecks: 0,
    outbox: [],
    journal: [],
  }).next;
  const created = compiled.machine.resolveState({ value: CREATED_STATE, context } as never);
  const snapshot = compiled.machine.transition(created, { type: START_EVENT } as never, compiled.scope);
  return finishStep(compiled, snapshot, undefined, true);
}

export function applyEvent(compiled: CompiledFlow, stored: StoredInstance, event: InstanceEvent, now: number): StepResult {
  checkEvent(event);
  if (stored.snapshot.status !== "active") return unchanged(stored.snapshot);
  if (event.type === "task.submitted") checkSubmission(compiled, stored.snapshot.context, event);
  const context = ContextChange.forStep({ ...stored.snapshot.context, input: stored.input, now, outbox: [], journal: [] }).next;
  const before = compiled.machine.resolveState({ ...stored.snapshot, context } as never);
  const after = compiled.machine.transition(before, event as never, compiled.scope);
  return finishStep(compiled, after, event, after !== before || ContextChange.ofStep(context).acted || isAlertCheck(context, event));
}

function finishStep(compiled: CompiledFlow, snapshot: AnyMachineSnapshot, event: InstanceEvent | undefined, accepted: boolean): StepResult {
  const running = snapshot.status !== "done";
  markWithdrawn(compiled, snapshot);
  const watched = monitorAlerts(compiled.flow, snapshot.context as InstanceContext, event, running);
  const { outbox: effects, journal: trace, input: _input, ...context } = watched.next;
  const status: InstanceStatus = running ? "running" : (context.result?.status ?? "completed");
  const steps = Object.entries(context.steps);
  return {
    snapshot: persist(snapshot, context),
    effects,
    trace,
    status,
    accepted,
    waitingAt: running ? steps.filter(([id, step]) => step.status === "active" && isWaitingNode(compiled.graph.nodes.get(id)!)).map(([id]) => id) : [],
    exceptions: running ? steps.filter(([, step]) => step.status === "failed").map(([id]) => id) : [],
  };
}

/** A finished instance takes no more events. */
function unchanged(snapshot: InstanceSnapshot): StepResult {
  const status = (snapshot.context.result?.status ?? "completed") as InstanceStatus;
  return { snapshot, effects: [], trace: [], status, accepted: false, waitingAt: [], exceptions: [] };
}

/**
 * Nodes XState has left without an outcome (a cancel, or a join that went on
 * without their branch) are marked withdrawn, so they are no longer listed as
 * waiting or as exceptions. Their exit actions have closed their tasks,
 * timers and children already.
 */
function markWithdrawn(compiled: CompiledFlow, snapshot: AnyMachineSnapshot): void {
  const c = ContextChange.ofStep(snapshot.context as InstanceContext);
  const active = activeNodes(compiled, snapshot.value);
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
