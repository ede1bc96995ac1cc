/**
 * What every node kind's compiler shares: how a named implementation changes
 * the instance context, how effect keys are formed, and how an outcome
 * becomes an XState transition.
 *
 * The machine config is pure data: every action and guard is referred to by
 * name with static params (`{ type: "enter", params: { node: "reserve" } }`),
 * and the implementations are registered once in `setup`.
 *
 * Actions are not XState `assign`s: each assign makes XState clone the
 * snapshot and recompute its state value, which measured most of a step's
 * cost. Instead a step owns one working context (a ContextChange: the stored
 * context copied shallowly, its collections copied on first write, so the
 * caller's snapshot is never touched), XState carries that one object
 * throughout the step, and the step's own actor scope (see stepScope) runs
 * each named action on it, in XState's order. Effects and trace entries are
 * appended to `outbox` / `journal`, which the step API drains.
 */
import type { AnyActorScope } from "xstate";
import type { FlowGraph } from "../definition/graph";
import type { Flow, FlowNode, NodeKind, NodeOfKind } from "../definition/schema";
import { iso } from "./instance-data";
import type { Effect, ErrorInfo, InstanceContext, InstanceEvent, StepRecord, TraceEntry } from "./types";

export interface NodeParams {
  node: string;
}

/**
 * The working context of one step. It is made from a fresh object (the
 * stored context's fields, with empty outbox and journal), and its nested
 * collections are copied on first write, so the stored snapshot a host
 * passed in is never changed.
 */
export class ContextChange {
  private readonly copied = new Set<keyof InstanceContext>();
  private nowText: string | undefined;
  /** Whether any action ran in this step: a transition without a target leaves XState's snapshot as it was. */
  acted = false;

  constructor(readonly next: InstanceContext) {}

  /** The step's time as ISO text. */
  get nowIso(): string {
    return (this.nowText ??= iso(this.next.now));
  }

  /**
   * The named collection, copied once so it may be changed. Copies that gain
   * properties are made with Object.assign, not spread: V8 (Node 20) gives an
   * object cloned by spread a hidden class of its own as soon as a property
   * is added (measured: 3 million such copies, 19 shared a class), and those
   * objects then outlive young-generation collections.
   */
  own<K extends "steps" | "arrived" | "children" | "pending" | "alerts">(name: K): InstanceContext[K] {
    if (!this.copied.has(name)) {
      this.next[name] = Object.assign({}, this.next[name]);
      this.copied.add(name);
    }
    return this.next[name];
  }

  emit(effect: Effect): void {
    this.next.outbox.push(effect);
  }

  /** Records `entry` (a fresh object from the caller) with the step's time. */
  trace(entry: DistributiveOmit<TraceEntry, "at">): void {
    (entry as TraceEntry).at = this.nowIso;
    this.next.journal.push(entry as TraceEntry);
  }

  compensations(): InstanceContext["compensations"] {
    if (!this.copied.has("compensations")) {
      this.next.compensations = [...this.next.compensations];
      this.copied.add("compensations");
    }
    return this.next.compensations;
  }

  step(node: string): StepRecord {
    const step = this.next.steps[node];
    if (!step) throw new Error(`orderflow engine: node "${node}" has no step record`);
    return step;
  }

  updateStep(node: string, patch: Partial<StepRecord>): StepRecord {
    const updated: StepRecord = Object.assign({}, this.step(node), patch); // not spread: see own()
    this.own("steps")[node] = updated;
    return updated;
  }

  addPending(node: string, key: string): void {
    const pending = this.own("pending");
    pending[node] = [...(pending[node] ?? []), key];
  }

  removePending(node: string, key: string): void {
    const pending = this.own("pending");
    const rest = (pending[node] ?? []).filter((k) => k !== key);
    if (rest.length > 0) pending[node] = rest;
    else delete pending[node];
  }
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** A named action implementation that changes the step's working context (handed to it by the step's executor, see stepScope). */
export function change<P>(apply: (change: ContextChange, params: P, event: InstanceEvent) => void) {
  return ({ event }: { event: InstanceEvent }, params: P, c: ContextChange): void => {
    c.acted = true;
    apply(c, params, event);
  };
}

/**
 * The actor scope of one step: the compiled flow's inert scope, with an
 * action executor that runs each action XState resolves at once and in order
 * (so later guards of the same step see its changes), on this step's working
 * context.
 *
 * Why a scope per step rather than one shared scope and a module-level
 * "current step": XState's microstep swaps the executor of the scope it is
 * given, so on a shared scope every step wrote its working set into a
 * long-lived object; here those writes stay on the step's own objects, and
 * the change reaches the actions as an argument instead of through module
 * state.
 */
export function stepScope(scope: AnyActorScope, c: ContextChange): AnyActorScope {
  const actionExecutor = (action: { type: string; info: unknown; params: unknown; exec: unknown }): void => {
    if (typeof action.exec !== "function") throw new Error(`orderflow engine: no implementation registered for action "${action.type}"`);
    action.exec(action.info, action.params, c);
  };
  return { ...scope, actionExecutor } as AnyActorScope;
}

export type GuardImpl<P> = (args: { context: InstanceContext; event: InstanceEvent }, params: P) => boolean;

export interface Implementations {
  actions: Record<string, unknown>;
  guards: Record<string, GuardImpl<never>>;
}

/** What a node kind's compiler can ask about the flow it is part of. */
export interface CompileKit {
  flow: Flow;
  graph: FlowGraph;
  node<K extends NodeKind>(id: string, kind: K): NodeOfKind<K>;
  /** The XState transition that leaves `node` through `outcome`; undefined when that outcome has no edge. */
  go(node: string, outcome: string, actions?: ActionRef[]): Transition | undefined;
  /** The states a parallel branch holds, keyed by node id (used by the parallel compiler). */
  statesOf(split: string, branch: string): Record<string, StateConfig>;
  /** The state key a parallel branch starts in. */
  branchStart(split: string, branch: string): string;
}

export interface ActionRef {
  type: string;
  params?: Record<string, unknown>;
}
export interface GuardRef {
  type: string;
  params?: Record<string, unknown>;
}
export interface Transition {
  target?: string;
  guard?: GuardRef;
  actions?: ActionRef[];
}
export type StateConfig = Record<string, unknown>;

export const act = (type: string, params?: Record<string, unknown>): ActionRef => (params ? { type, params } : { type });
export const when = (type: string, params?: Record<string, unknown>): GuardRef => (params ? { type, params } : { type });

/** The key of a node's current visit: instance, node, visit, and manual retries. */
export function stepKey(context: InstanceContext, node: string, visit: number, retries = 0): string {
  return `${context.instanceId}:${node}:${visit}${retries > 0 ? `:retry${retries}` : ""}`;
}

export const arrivedStateId = (split: string, branch: string) => `${split}:${branch}:arrived`;
export const failedStateId = (node: string) => `${node}:failed`;

/**
 * Implementations every node kind uses: entering and leaving a node, and the
 * exceptions list (a node that cannot go on waits there for staff to retry,
 * skip or cancel).
 */
export const commonImplementations: Implementations = {
  actions: {
    enter: change<NodeParams>((c, { node }) => {
      const visit = (c.next.steps[node]?.visit ?? 0) + 1;
      c.own("steps")[node] = { key: stepKey(c.next, node, visit), visit, status: "active", enteredAt: c.nowIso };
      c.trace({ type: "entered", node });
    }),
    leave: change<NodeParams & { outcome: string }>((c, { node, outcome }) => {
      c.updateStep(node, { status: "done", outcome });
      c.trace({ type: "left", node, outcome });
    }),
    raiseException: change<NodeParams>((c, { node }) => {
      const step = c.updateStep(node, { status: "failed" });
      const error: ErrorInfo = step.error ?? { message: "failed" };
      c.emit({ type: "exception", key: `${step.key}:exception`, node, error });
      c.trace({ type: "failed", node, error });
    }),
    retryStep: change<NodeParams>((c, { node }) => {
      const step = c.step(node);
      const retries = (step.retries ?? 0) + 1;
      c.updateStep(node, { retries, key: stepKey(c.next, node, step.visit, retries), status: "active", error: undefined });
    }),
    skipStep: change<NodeParams>((c, { node }, event) => {
      const output = event.type === "exception.skip" ? event.output : undefined;
      c.updateStep(node, { output: output ?? {}, error: undefined, ...(event.type === "exception.skip" && event.by ? { by: event.by } : {}) });
    }),
  },
  guards: {
    stepFailed: (({ context }, { node }: NodeParams) => context.steps[node]?.error !== undefined) as GuardImpl<never>,
    isOutcome: (({ context }, { node, outcome }: NodeParams & { outcome: string }) => context.steps[node]?.outcome === outcome) as GuardImpl<never>,
    forNode: (({ event }, { node }: NodeParams) => "node" in event && event.node === node) as GuardImpl<never>,
    /** The event reports on this visit of the node (`suffix` picks one of its timers). */
    keyIs: (({ context, event }, { node, suffix }: NodeParams & { suffix?: string }) =>
      "key" in event && event.key === `${context.steps[node]?.key}${suffix ?? ""}`) as GuardImpl<never>,
  },
};

/**
 * A node state with an exceptions-list substate. Entering the node runs its
 * `prepare` action and then sits in `active`, unless `prepare` recorded an
 * error, which sends it to `failed` (a guard on `active`, so the usual path
 * costs no extra microstep). `failed` waits for `exception.retry` (prepare
 * again, with a fresh key) or `exception.skip` (leave through `skipOutcome`).
 */
export function withExceptions(
  kit: CompileKit,
  node: FlowNode,
  parts: { prepare: ActionRef; active: StateConfig; skipOutcome: string; retry?: Transition[]; exit?: ActionRef[] },
): StateConfig {
  const params = { node: node.id };
  const skip = kit.go(node.id, parts.skipOutcome, [act("skipStep", params)]);
  return {
    id: node.id,
    initial: "active",
    entry: [act("enter", params), parts.prepare],
    ...(parts.exit ? { exit: parts.exit } : {}),
    states: {
      active: {
        ...parts.active,
        always: [{ guard: when("stepFailed", params), target: "failed" }, ...((parts.active.always as Transition[] | undefined) ?? [])],
      },
      failed: {
        id: failedStateId(node.id),
        entry: [act("raiseException", params)],
        on: {
          "exception.retry": [
            ...(parts.retry ?? []).map((t) => ({ guard: when("forNode", params), ...t })),
            { guard: when("forNode", params), target: "active", actions: [act("retryStep", params), parts.prepare] },
          ],
          ...(skip ? { "exception.skip": { ...skip, guard: when("forNode", params) } } : {}),
        },
      },
    },
  };
}

/** The transition for a failure: the `error` edge when drawn, else the node's exceptions-list state. */
export function failTransition(kit: CompileKit, node: string, actions: ActionRef[]): Transition {
  return kit.go(node, "error", actions) ?? { target: `#${failedStateId(node)}`, actions };
}

/** Starts a timer owned by the node; leaving the node cancels it unless it has fired. */
export function startTimer(c: ContextChange, node: string, key: string, fireAt: string, purpose: "wait" | "timeout" | "due" | "escalation"): void {
  c.emit({ type: "timer.start", key, node, fireAt, purpose });
  c.addPending(node, key);
}

/** Cancels the node's timers that have not fired and drops its event subscriptions. */
export function cancelPendingTimers(c: ContextChange, node: string, event?: InstanceEvent): void {
  const fired = event?.type === "timer.fired" ? event.key : undefined;
  for (const key of c.next.pending[node] ?? []) {
    if (key === fired) continue;
    if (key.endsWith(":subscription")) c.emit({ type: "event.unsubscribe", key, node });
    else c.emit({ type: "timer.cancel", key, node });
  }
  if (c.next.pending[node]) delete c.own("pending")[node];
}
