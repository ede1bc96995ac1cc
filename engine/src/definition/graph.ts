/**
 * Facts about a flow's graph, computed once and shared by the validator and
 * the compiler: which edge leaves each node through each outcome, what is
 * reachable, and which nodes belong to which branch of a parallel block.
 */
import type { Edge, Flow, FlowNode, JoinNode, ParallelNode } from "./schema";
import { isWaitingNode } from "./outcomes";

export interface BranchRef {
  split: string;
  branch: string;
}

export interface ParallelBlock {
  split: ParallelNode;
  join: JoinNode | undefined;
  /** branch name → ids of the nodes inside that branch (nested blocks included, the join excluded). */
  branches: Map<string, Set<string>>;
}

export interface GraphProblem {
  pointer: string;
  message: string;
}

export interface FlowGraph {
  nodes: Map<string, FlowNode>;
  nodeIndex: Map<string, number>;
  /** node id → outcome → the first edge leaving through it. */
  outgoing: Map<string, Map<string, Edge>>;
  start: FlowNode | undefined;
  blocks: Map<string, ParallelBlock>;
  /** The innermost branch a node sits in; absent for nodes at the top level (and for end nodes, which always finish the instance). */
  branchOf: Map<string, BranchRef>;
  /** Problems with the shape of parallel blocks, found while computing them. */
  blockProblems: GraphProblem[];
}

export function analyseFlow(flow: Flow): FlowGraph {
  const nodes = new Map<string, FlowNode>();
  const nodeIndex = new Map<string, number>();
  flow.nodes.forEach((node, index) => {
    if (!nodes.has(node.id)) {
      nodes.set(node.id, node);
      nodeIndex.set(node.id, index);
    }
  });
  const outgoing = new Map<string, Map<string, Edge>>();
  for (const edge of flow.edges) {
    let byOutcome = outgoing.get(edge.from);
    if (!byOutcome) outgoing.set(edge.from, (byOutcome = new Map()));
    if (!byOutcome.has(edge.outcome)) byOutcome.set(edge.outcome, edge);
  }
  const start = flow.nodes.find((node) => node.kind === "start");
  const graph: FlowGraph = { nodes, nodeIndex, outgoing, start, blocks: new Map(), branchOf: new Map(), blockProblems: [] };
  computeBlocks(flow, graph);
  return graph;
}

/** Ids of the successors of a node, over every outcome that has an edge. */
export function successors(graph: FlowGraph, id: string): string[] {
  return [...(graph.outgoing.get(id)?.values() ?? [])].map((edge) => edge.to).filter((to) => graph.nodes.has(to));
}

export function reachableFrom(graph: FlowGraph, from: string, stopAt?: (id: string) => boolean): Set<string> {
  const seen = new Set<string>();
  const stack = [from];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (seen.has(id) || !graph.nodes.has(id) || stopAt?.(id)) continue;
    seen.add(id);
    stack.push(...successors(graph, id));
  }
  return seen;
}

function computeBlocks(flow: Flow, graph: FlowGraph): void {
  const joinsBySplit = new Map<string, JoinNode[]>();
  for (const node of flow.nodes) {
    if (node.kind === "join") joinsBySplit.set(node.split, [...(joinsBySplit.get(node.split) ?? []), node]);
  }
  const pointerOf = (id: string) => `/nodes/${graph.nodeIndex.get(id)}`;
  const membership = new Map<string, BranchRef[]>();

  for (const node of flow.nodes) {
    if (node.kind !== "parallel") continue;
    const joins = joinsBySplit.get(node.id) ?? [];
    if (joins.length === 0) {
      graph.blockProblems.push({ pointer: pointerOf(node.id), message: `Parallel node "${node.id}" has no join node: add a join node whose split is "${node.id}".` });
    }
    for (const extra of joins.slice(1)) {
      graph.blockProblems.push({ pointer: `${pointerOf(extra.id)}/split`, message: `Parallel node "${node.id}" already has the join node "${joins[0]!.id}": a parallel node has exactly one join.` });
    }
    const join = joins[0];
    const block: ParallelBlock = { split: node, join, branches: new Map() };
    const after = join ? afterJoin(graph, node.id, join.id) : new Set<string>();
    for (const branch of node.branches) {
      const first = graph.outgoing.get(node.id)?.get(branch);
      const members = first ? branchMembers(graph, node.id, join?.id, after, first.to) : new Set<string>();
      block.branches.set(branch, members);
      for (const id of members) membership.set(id, [...(membership.get(id) ?? []), { split: node.id, branch }]);
    }
    graph.blocks.set(node.id, block);
  }

  for (const [id, refs] of membership) {
    // A node inside a nested block is in the outer branch too; its innermost branch has the fewest members.
    const sorted = [...refs].sort((a, b) => sizeOf(graph, a) - sizeOf(graph, b));
    const innermost = sorted[0]!;
    graph.branchOf.set(id, innermost);
    const sameSplit = refs.filter((ref) => ref.split === innermost.split);
    if (sameSplit.length > 1) {
      graph.blockProblems.push({
        pointer: pointerOf(id),
        message: `Node "${id}" is reached from branches ${sameSplit.map((r) => `"${r.branch}"`).join(" and ")} of parallel node "${innermost.split}": each node belongs to one branch; give each branch its own nodes.`,
      });
    }
  }

  // Edges may enter a branch only from its parallel node, and leave it only to the join or an end node.
  flow.edges.forEach((edge, index) => {
    const fromRef = graph.branchOf.get(edge.from);
    const toRef = graph.branchOf.get(edge.to);
    const target = graph.nodes.get(edge.to);
    if (!target || !graph.nodes.has(edge.from) || target.kind === "end") return;
    if (toRef && !sameOrInside(graph, fromRef, toRef) && !(edge.from === toRef.split && edge.outcome === toRef.branch)) {
      graph.blockProblems.push({
        pointer: `/edges/${index}`,
        message: `Edge "${edge.id}" enters branch "${toRef.branch}" of parallel node "${toRef.split}" from outside: a branch can only be entered from its parallel node.`,
      });
    }
    if (fromRef && !sameOrInside(graph, toRef, fromRef) && !isJoinOf(graph, edge.to, fromRef, toRef)) {
      const join = graph.blocks.get(fromRef.split)?.join;
      const rule = join
        ? `the branch must end at its join node "${join.id}" (or an end node). Connect the edge to "${join.id}" instead.`
        : "a branch can only lead to its join node or to an end node.";
      graph.blockProblems.push({
        pointer: `/edges/${index}`,
        message: `Edge "${edge.id}" leaves branch "${fromRef.branch}" of parallel node "${fromRef.split}" for "${edge.to}": ${rule}`,
      });
    }
  });
}

/**
 * The nodes of one branch: reachable from its first node, up to its join, an
 * end node or a node after the join. A nested branch may go straight to an
 * enclosing block's join, so the walk passes a join only when that join's own
 * parallel node is inside the branch; found parallel nodes let the next walk
 * pass their joins.
 */
function branchMembers(graph: FlowGraph, split: string, join: string | undefined, after: Set<string>, first: string): Set<string> {
  let members = new Set<string>();
  for (;;) {
    const inside = members;
    const next = reachableFrom(graph, first, (id) => {
      if (id === split || id === join || after.has(id)) return true;
      const node = graph.nodes.get(id);
      return node?.kind === "end" || (node?.kind === "join" && !inside.has(node.split));
    });
    if (next.size === members.size) return next;
    members = next;
  }
}

/**
 * The nodes after a block's join: reachable from the join without passing its
 * parallel node, and with no way back to the join. A branch edge into one of
 * them skips the join; without this they would count as the branch's own
 * nodes, and the join's correct edge would look like it entered the branch.
 * A node that leads on to the join stays in the branch, so an edge from after
 * the join into it is the one reported.
 */
function afterJoin(graph: FlowGraph, split: string, join: string): Set<string> {
  const leadsToJoin = reachingTo(graph, join, (id) => id === split);
  const after = reachableFrom(graph, join, (id) => id === split || (id !== join && leadsToJoin.has(id)));
  after.delete(join);
  return after;
}

/** The nodes with a path to `to` (itself included), walking edges backwards; `stopAt` nodes are neither counted nor passed. */
function reachingTo(graph: FlowGraph, to: string, stopAt: (id: string) => boolean): Set<string> {
  const incoming = new Map<string, string[]>();
  for (const [from, byOutcome] of graph.outgoing) {
    for (const edge of byOutcome.values()) {
      const sources = incoming.get(edge.to);
      if (sources) sources.push(from);
      else incoming.set(edge.to, [from]);
    }
  }
  const seen = new Set<string>();
  const stack = [to];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (seen.has(id) || !graph.nodes.has(id) || stopAt(id)) continue;
    seen.add(id);
    stack.push(...(incoming.get(id) ?? []));
  }
  return seen;
}

function sizeOf(graph: FlowGraph, ref: BranchRef): number {
  return graph.blocks.get(ref.split)?.branches.get(ref.branch)?.size ?? 0;
}

/** Whether `inner` is `outer` or a branch nested within it (undefined = top level, which contains everything). */
function sameOrInside(graph: FlowGraph, inner: BranchRef | undefined, outer: BranchRef | undefined): boolean {
  if (!outer) return true;
  let ref = inner;
  while (ref) {
    if (ref.split === outer.split && ref.branch === outer.branch) return true;
    ref = graph.branchOf.get(ref.split);
  }
  return false;
}

/** An edge out of a branch is fine when it reaches the join of that branch's block or of an enclosing one, in the join's own region. */
function isJoinOf(graph: FlowGraph, to: string, from: BranchRef, toRef: BranchRef | undefined): boolean {
  let ref: BranchRef | undefined = from;
  while (ref) {
    if (graph.blocks.get(ref.split)?.join?.id === to) {
      return sameRef(graph.branchOf.get(ref.split), toRef);
    }
    ref = graph.branchOf.get(ref.split);
  }
  return false;
}

function sameRef(a: BranchRef | undefined, b: BranchRef | undefined): boolean {
  return a === b || (!!a && !!b && a.split === b.split && a.branch === b.branch);
}

/**
 * Groups of nodes that can loop forever without waiting for anything
 * (strongly connected components with no task, wait, action or for_each).
 */
export function loopsWithoutWait(graph: FlowGraph): string[][] {
  const instant = [...graph.nodes.values()].filter((node) => !isWaitingNode(node)).map((node) => node.id);
  const instantSet = new Set(instant);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const loops: string[][] = [];
  let counter = 0;

  const visit = (id: string): void => {
    index.set(id, counter);
    low.set(id, counter++);
    stack.push(id);
    onStack.add(id);
    for (const next of successors(graph, id)) {
      if (!instantSet.has(next)) continue;
      if (!index.has(next)) {
        visit(next);
        low.set(id, Math.min(low.get(id)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(id, Math.min(low.get(id)!, index.get(next)!));
      }
    }
    if (low.get(id) === index.get(id)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== id);
      if (component.length > 1 || successors(graph, id).includes(id)) loops.push(component.reverse());
    }
  };
  for (const id of instant) if (!index.has(id)) visit(id);
  return loops;
}
