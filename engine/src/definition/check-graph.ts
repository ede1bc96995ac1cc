/**
 * Checks of the flow as a graph: ids, the start node, edges and their
 * outcomes, reachability, parallel blocks and loops that never wait.
 */
import { loopsWithoutWait, reachableFrom, type FlowGraph } from "./graph";
import { nodeOutcomes, optionalOutcomes } from "./outcomes";
import type { Flow, FlowNode, NodeKind } from "./schema";
import { capitalise, isRecord, listOf, nodeLabel, pointerTo, problem, sentences, suggestion, type FlowProblem } from "./problems";

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
    ...checkJoinsReached(graph),
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
      problems.push(problem(`${at}/from`, "dangling_edge", sentences(`Edge "${edge.id}" starts at "${edge.from}", but no node has that id`, suggestion(edge.from, ids), "Connect it to an existing node or delete it")));
    }
    if (!to) {
      problems.push(problem(`${at}/to`, "dangling_edge", sentences(`Edge "${edge.id}" leads to "${edge.to}", but no node has that id`, suggestion(edge.to, ids), "Connect it to an existing node or delete it")));
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
          sentences(
            `Edge "${edge.id}" leaves ${nodeLabel(from)} through "${edge.outcome}", which is not one of its outcomes`,
            suggestion(edge.outcome, outcomes),
            outcomes.length === 1 ? `Its only outcome is ${listOf(outcomes)}` : `Its outcomes are ${listOf(outcomes)}`,
          ),
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
          sentences(
            `Join node "${node.id}" joins the branches of "${node.split}", but ${found}`,
            suggestion(node.split, parallels),
            "Set split to the id of the parallel node whose branches meet here",
          ),
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

/**
 * Joins waiting for branches that can never arrive: a branch with no path to
 * its join (every path ends at an end node, or leads elsewhere) keeps an "all"
 * join, or an "n" join too few branches reach, from ever going on.
 */
function checkJoinsReached(graph: FlowGraph): FlowProblem[] {
  const problems: FlowProblem[] = [];
  for (const { split, join } of graph.blocks.values()) {
    if (!join || join.mode === "any") continue;
    const count = split.branches.length;
    const needed = join.mode === "all" ? count : join.n;
    // A missing n, or one larger than the number of branches, is reported on its own.
    if (needed === undefined || needed > count) continue;
    const stranded = split.branches.filter((branch) => {
      const first = graph.outgoing.get(split.id)?.get(branch);
      // A branch edge to a node that does not exist is reported on its own.
      return first !== undefined && graph.nodes.has(first.to) && !reachableFrom(graph, first.to, (id) => id === split.id).has(join.id);
    });
    const arriving = count - stranded.length;
    if (arriving >= needed) continue;
    const one = stranded.length === 1;
    const waits = join.mode === "all" ? "all branches" : `${needed} of the ${count} branches`;
    const relax = arriving === 0 ? "" : join.mode === "all" ? ', or set mode to "any" or "n"' : `, or set n to at most ${arriving}`;
    problems.push(
      problem(
        pointerOf(graph, join.id),
        "join_unreachable",
        sentences(
          `Join node "${join.id}" waits for ${waits} of parallel node "${split.id}", but ${one ? "branch" : "branches"} ${listOf(stranded)} ${one ? "has" : "have"} no path to it`,
          `The join will only go on if ${one ? "that branch reaches" : "those branches reach"} it, so orders never get past "${join.id}"`,
          `Draw an edge from ${one ? "that branch" : "each of those branches"} into "${join.id}"${relax}`,
        ),
        "warning",
      ),
    );
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
