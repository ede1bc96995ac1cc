/**
 * Checks of the flow as a graph: ids, the start node, edges and their
 * outcomes, reachability, parallel blocks and loops that never wait.
 */
import { loopsWithoutWait, reachableFrom, type FlowGraph } from "./graph";
import { nodeOutcomes, optionalOutcomes } from "./outcomes";
import type { Flow, FlowNode, NodeKind } from "./schema";
import { capitalise, isRecord, listOf, nodeLabel, pointerTo, problem, suggestion, type FlowProblem } from "./problems";

/** The fields that decide a node's outcomes: while one of them has a schema problem, its outcomes are not known. */
const OUTCOME_FIELDS: Partial<Record<NodeKind, string[]>> = {
  decision: ["conditions", "table", "default"],
  task: ["outcomes", "default"],
  wait: ["until"],
  parallel: ["branches"],
};

/** `skip(pointer)` is true where the schema check already reported a problem. */
export function checkGraph(flow: Flow, graph: FlowGraph, skip: (pointer: string) => boolean): FlowProblem[] {
  const outcomesKnown = (node: FlowNode) => !(OUTCOME_FIELDS[node.kind] ?? []).some((field) => skip(`${pointerOf(graph, node.id)}/${field}`));
  return [
    ...checkUniqueIds(flow),
    ...checkStart(flow),
    ...checkEdges(flow, graph, outcomesKnown),
    ...checkMissingOutcomes(graph, outcomesKnown),
    ...checkReachable(graph),
    ...checkParallelBlocks(graph),
    ...checkLoops(graph),
  ];
}

function checkUniqueIds(flow: Flow): FlowProblem[] {
  const problems: FlowProblem[] = [];
  const sections = [
    ["nodes", "node", flow.nodes],
    ["edges", "edge", flow.edges],
    ["alerts", "alert", Array.isArray(flow.alerts) ? flow.alerts : []],
  ] as const;
  for (const [section, noun, items] of sections) {
    const first = new Map<string, number>();
    (items as unknown[]).forEach((item, index) => {
      if (!isRecord(item) || typeof item.id !== "string") return;
      const earlier = first.get(item.id);
      if (earlier === undefined) {
        first.set(item.id, index);
        return;
      }
      problems.push(
        problem(
          pointerTo(`/${section}`, index, "id"),
          "duplicate_id",
          `Two ${section} have the id "${item.id}" (${noun} #${earlier + 1} and ${noun} #${index + 1}): each ${noun} needs its own id. Rename one of them.`,
        ),
      );
    });
  }
  return problems;
}

function checkStart(flow: Flow): FlowProblem[] {
  const starts = flow.nodes.flatMap((node, index) => (node.kind === "start" ? [{ node, index }] : []));
  if (starts.length === 0) {
    return [problem("/nodes", "missing_start", 'The flow has no start node: add one node of kind "start" and draw an edge from it to the first step.')];
  }
  const ids = listOf(starts.map(({ node }) => node.id));
  return starts
    .slice(1)
    .map(({ index }) => problem(`/nodes/${index}`, "multiple_starts", `The flow has ${starts.length} start nodes (${ids}): keep one and delete the others.`));
}

function checkEdges(flow: Flow, graph: FlowGraph, outcomesKnown: (node: FlowNode) => boolean): FlowProblem[] {
  const problems: FlowProblem[] = [];
  const ids = [...graph.nodes.keys()];
  flow.edges.forEach((edge, index) => {
    const at = `/edges/${index}`;
    const from = graph.nodes.get(edge.from);
    const to = graph.nodes.get(edge.to);
    if (!from) {
      problems.push(problem(`${at}/from`, "dangling_edge", `Edge "${edge.id}" starts at "${edge.from}", but no node has that id.${suggestion(edge.from, ids)} Connect it to an existing node or delete it.`));
    }
    if (!to) {
      problems.push(problem(`${at}/to`, "dangling_edge", `Edge "${edge.id}" leads to "${edge.to}", but no node has that id.${suggestion(edge.to, ids)} Connect it to an existing node or delete it.`));
    } else if (to.kind === "start") {
      problems.push(problem(`${at}/to`, "edge_into_start", `Edge "${edge.id}" leads into the start node "${to.id}": nothing may lead back to the start. Connect it to another node.`));
    }
    if (!from) return;
    if (from.kind === "end") {
      problems.push(problem(`${at}/from`, "edge_from_end", `Edge "${edge.id}" leaves end node "${from.id}": an end node finishes the order, so nothing can follow it. Delete the edge.`));
      return;
    }
    if (!outcomesKnown(from)) return;
    const outcomes = nodeOutcomes(from);
    if (!outcomes.includes(edge.outcome)) {
      problems.push(
        problem(
          `${at}/outcome`,
          "unknown_outcome",
          `Edge "${edge.id}" leaves ${nodeLabel(from)} through "${edge.outcome}", which is not one of its outcomes.${suggestion(edge.outcome, outcomes)} Its outcomes are ${listOf(outcomes)}.`,
        ),
      );
      return;
    }
    const first = graph.outgoing.get(edge.from)?.get(edge.outcome);
    if (first && first !== edge) {
      problems.push(
        problem(
          at,
          "duplicate_outcome_edge",
          `Edges "${first.id}" and "${edge.id}" both leave ${nodeLabel(from)} through "${edge.outcome}": an outcome leads to exactly one place. Delete one of them or change its outcome.`,
        ),
      );
    }
  });
  return problems;
}

function checkMissingOutcomes(graph: FlowGraph, outcomesKnown: (node: FlowNode) => boolean): FlowProblem[] {
  const problems: FlowProblem[] = [];
  for (const [id, node] of graph.nodes) {
    if (!outcomesKnown(node)) continue;
    const optional = optionalOutcomes(node);
    for (const outcome of nodeOutcomes(node)) {
      if (graph.outgoing.get(id)?.has(outcome)) continue;
      const at = pointerOf(graph, id);
      problems.push(
        optional.includes(outcome)
          ? problem(
              at,
              "missing_outcome",
              `${capitalise(nodeLabel(node))} has no edge for "${outcome}": errors will stop the order in the exceptions list. Draw an edge from "${outcome}" if the flow should handle them itself.`,
              "warning",
            )
          : problem(at, "missing_outcome", `${capitalise(nodeLabel(node))} has no edge for its outcome "${outcome}": draw an edge from "${outcome}" to the next step.`),
      );
    }
  }
  return problems;
}

function checkReachable(graph: FlowGraph): FlowProblem[] {
  if (!graph.start) return [];
  const reached = reachableFrom(graph, graph.start.id);
  return [...graph.nodes.values()]
    .filter((node) => node.kind !== "start" && !reached.has(node.id))
    .map((node) =>
      problem(
        pointerOf(graph, node.id),
        "unreachable",
        `${capitalise(nodeLabel(node))} cannot be reached from the start node: no path of edges leads to it. Connect it, or delete it if it is not needed.`,
      ),
    );
}

function checkParallelBlocks(graph: FlowGraph): FlowProblem[] {
  const problems = graph.blockProblems.map(({ pointer, message }) => problem(pointer, "parallel_block", message));
  const parallels = [...graph.nodes.values()].filter((node) => node.kind === "parallel").map((node) => node.id);
  for (const node of graph.nodes.values()) {
    if (node.kind !== "join") continue;
    const at = pointerOf(graph, node.id);
    const split = graph.nodes.get(node.split);
    if (split?.kind !== "parallel") {
      const found = split ? `that node's kind is "${split.kind}", not "parallel"` : "no node has that id";
      problems.push(
        problem(
          `${at}/split`,
          "parallel_block",
          `Join node "${node.id}" joins the branches of "${node.split}", but ${found}.${suggestion(node.split, parallels)} Set split to the id of the parallel node whose branches meet here.`,
        ),
      );
    }
    if (node.mode !== "n") continue;
    if (node.n === undefined) {
      problems.push(problem(`${at}/n`, "parallel_block", `Join node "${node.id}" has mode "n" but no n: set n to the number of branches to wait for.`));
    } else if (split?.kind === "parallel" && node.n > split.branches.length) {
      problems.push(
        problem(
          `${at}/n`,
          "parallel_block",
          `Join node "${node.id}" waits for ${node.n} branches, but parallel node "${split.id}" has only ${split.branches.length}: set n to at most ${split.branches.length}.`,
        ),
      );
    }
  }
  return problems;
}

function checkLoops(graph: FlowGraph): FlowProblem[] {
  return loopsWithoutWait(graph).map((ids) => {
    const nodes = ids.map((id) => graph.nodes.get(id) as FlowNode);
    const what =
      nodes.length === 1
        ? `${capitalise(nodeLabel(nodes[0]))} leads back to itself`
        : `Nodes ${joinWords(nodes.map((node) => `"${node.id}" (${node.kind})`))} form a loop`;
    return problem(
      pointerOf(graph, ids[0]!),
      "loop_without_wait",
      `${what} with nothing that waits, so an order could go round it forever. Put a task, wait, or action in the loop.`,
    );
  });
}

function pointerOf(graph: FlowGraph, id: string): string {
  return `/nodes/${graph.nodeIndex.get(id)}`;
}

function joinWords(words: string[]): string {
  return words.length <= 1 ? words.join("") : `${words.slice(0, -1).join(", ")} and ${words.at(-1)}`;
}
