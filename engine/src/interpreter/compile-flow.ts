/**
 * `compileFlow`: turns a validated flow document into an XState v5 machine.
 * Each node becomes a state (its id is the node id); nodes inside a parallel
 * branch become states of that branch's region. Every implementation is
 * registered by name in `setup`; the machine config itself is data.
 */
import { createActor, setup, type AnyActorScope, type AnyStateMachine } from "xstate";
import { analyseFlow, type BranchRef, type FlowGraph } from "../definition/graph";
import type { Flow, FlowNode, NodeKind, NodeOfKind } from "../definition/schema";
import { validateFlow, type FlowProblem, type FlowRegistries } from "../definition/validate";
import { act, arrivedStateId, commonImplementations, type CompileKit, type Implementations, type StateConfig, type Transition, type ActionRef } from "./machine-kit";
import { actionImplementations, actionState } from "./nodes/action";
import { decisionImplementations, decisionState } from "./nodes/decision";
import { CANCELLED_STATE, cancelledState, endImplementations, endState } from "./nodes/end";
import { forEachImplementations, forEachState } from "./nodes/for-each";
import { ARRIVED_STATE, joinState, parallelImplementations, parallelState } from "./nodes/parallel";
import { taskImplementations, taskState } from "./nodes/task";
import { orderStatusActions, orderStatusImplementations, withOrderStatus } from "./order-status";
import { waitImplementations, waitState } from "./nodes/wait";

export interface CompiledFlow {
  flow: Flow;
  graph: FlowGraph;
  machine: AnyStateMachine;
  /** One inert actor scope, the base of every step's scope (see `inertScope`). */
  scope: AnyActorScope;
}

export class FlowValidationError extends Error {
  constructor(readonly problems: FlowProblem[]) {
    const errors = problems.filter((p) => p.severity === "error");
    super(`The flow is not valid (${errors.length} problem${errors.length === 1 ? "" : "s"}):\n${errors.map((p) => `  ${p.pointer || "/"}: ${p.message}`).join("\n")}`);
    this.name = "FlowValidationError";
  }
}

/** An instance is created in this state and leaves it at once, through the start event, so starting is a step like any other. */
export const CREATED_STATE = ":created";
export const START_EVENT = "instance.start";

/**
 * Validates and compiles a flow. Throws FlowValidationError listing every
 * problem when the flow is not valid, so a machine is never built from a
 * flow XState would silently misread.
 *
 * @example const compiled = compileFlow(JSON.parse(readFileSync("flow.json", "utf8")));
 */
export function compileFlow(document: unknown, registries?: FlowRegistries): CompiledFlow {
  const validation = validateFlow(document, registries);
  if (!validation.ok || !validation.flow) throw new FlowValidationError(validation.problems);
  const flow = validation.flow;
  const graph = analyseFlow(flow);
  const kit = createKit(flow, graph);

  const implementations: Implementations[] = [
    commonImplementations,
    actionImplementations(kit),
    decisionImplementations(kit),
    taskImplementations(kit),
    waitImplementations(kit),
    parallelImplementations(kit),
    forEachImplementations(kit),
    endImplementations(kit),
    orderStatusImplementations(kit),
  ];
  const actions = Object.assign({}, ...implementations.map((i) => i.actions));
  const guards = Object.assign({}, ...implementations.map((i) => i.guards));

  const machine = setup({ actions, guards } as never).createMachine({
    id: flow.id,
    initial: CREATED_STATE,
    on: { cancel: { target: `.${CANCELLED_STATE}` } },
    states: {
      [CREATED_STATE]: { on: { [START_EVENT]: startTransition(kit, graph.start!.id) } },
      ...statesIn(kit, undefined),
      [CANCELLED_STATE]: cancelledState(),
    },
  } as never) as unknown as AnyStateMachine;
  return { flow, graph, machine, scope: inertScope(machine) };
}

/**
 * XState's standalone `transition()` builds a new actor for every call, and
 * building one computes the machine's whole initial snapshot: measured here,
 * that was 40% of the time of a step. The step API instead starts from one
 * scope, built once per compiled flow, whose deferrals do nothing; each step
 * gives it an action executor of its own (see stepScope in machine-kit).
 */
function inertScope(machine: AnyStateMachine): AnyActorScope {
  const actor = createActor(machine);
  const scope = (actor as unknown as { _actorScope?: AnyActorScope })._actorScope;
  if (!scope) throw new Error("orderflow engine: this xstate version has no actor scope; pin xstate 5.x as in engine/package.json");
  return { ...scope, defer: () => {} };
}

/**
 * Starting passes through the start node within one transition (its enter
 * and leave run as the transition's actions), which saves XState a
 * microstep for every instance; the trace reads as if the start node had
 * been entered and left.
 */
function startTransition(kit: CompileKit, start: string): Transition {
  const onward = kit.go(start, "success");
  const entered = [act("enter", { node: start }), ...orderStatusActions(kit.graph.nodes.get(start)!)];
  return onward ? { ...onward, actions: [...entered, ...(onward.actions ?? [])] } : { target: `#${start}` };
}

function createKit(flow: Flow, graph: FlowGraph): CompileKit {
  const kit: CompileKit = {
    flow,
    graph,
    node<K extends NodeKind>(id: string, kind: K): NodeOfKind<K> {
      const node = graph.nodes.get(id);
      if (!node || node.kind !== kind) throw new Error(`orderflow engine: node "${id}" is not a ${kind} node`);
      return node as NodeOfKind<K>;
    },
    go(node: string, outcome: string, actions: ActionRef[] = []): Transition | undefined {
      const edge = graph.outgoing.get(node)?.get(outcome);
      if (!edge) return undefined;
      return { target: targetOf(graph, node, outcome, edge.to), actions: [...actions, act("leave", { node, outcome })] };
    },
    statesOf: (split, branch) => statesIn(kit, { split, branch }),
    branchStart(split, branch) {
      const first = graph.outgoing.get(split)?.get(branch)?.to;
      return !first || graph.blocks.get(split)?.join?.id === first ? ARRIVED_STATE : first;
    },
  };
  return kit;
}

/** The states of one region: the top level (undefined) or a parallel branch. */
function statesIn(kit: CompileKit, region: BranchRef | undefined): Record<string, StateConfig> {
  const states: Record<string, StateConfig> = {};
  for (const node of kit.flow.nodes) {
    const ref = node.kind === "end" ? undefined : kit.graph.branchOf.get(node.id);
    if (ref?.split !== region?.split || ref?.branch !== region?.branch) continue;
    states[node.id] = withOrderStatus(node, stateOf(node, kit));
  }
  return states;
}

function stateOf(node: FlowNode, kit: CompileKit): StateConfig {
  switch (node.kind) {
    case "start":
      return { id: node.id, entry: [act("enter", { node: node.id })], always: kit.go(node.id, "success") ?? [] };
    case "action":
      return actionState(node, kit);
    case "decision":
      return decisionState(node, kit);
    case "task":
      return taskState(node, kit);
    case "wait":
      return waitState(node, kit);
    case "parallel":
      return parallelState(node, kit);
    case "join":
      return joinState(node, kit);
    case "for_each":
      return forEachState(node, kit);
    case "end":
      return endState(node);
  }
}

/**
 * Where an edge leads in the machine: the target node's state, or, for an
 * edge into a join, the "arrived" state of the branch it closes (the
 * innermost enclosing branch whose block that join belongs to).
 */
function targetOf(graph: FlowGraph, from: string, outcome: string, to: string): string {
  if (graph.nodes.get(to)?.kind !== "join") return `#${to}`;
  let ref: BranchRef | undefined = graph.blocks.has(from) && graph.blocks.get(from)!.split.branches.includes(outcome) ? { split: from, branch: outcome } : graph.branchOf.get(from);
  while (ref) {
    if (graph.blocks.get(ref.split)?.join?.id === to) return `#${arrivedStateId(ref.split, ref.branch)}`;
    ref = graph.branchOf.get(ref.split);
  }
  return `#${to}`;
}
