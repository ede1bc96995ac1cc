import { describe, expect, it } from "vitest";
import { validateFlow } from "./validate";
import { branchSkipsJoinFlow, everyKindFlow, flowOf, n, nodeOf, parallelFlow, pointerOfNode, problemAt, simpleFlow } from "./test-flows";

const problemsOf = (doc: unknown) => validateFlow(doc).problems;

describe("validateFlow: ids and the start node", () => {
  it("refuses two nodes with the same id", () => {
    const flow = simpleFlow();
    nodeOf(flow, "failed").id = "done";
    const found = problemAt(problemsOf(flow), "duplicate_id", "/nodes/3/id");
    expect(found.message).toBe('Two nodes have the id "done" (node #3 and node #4): each node needs its own id. Rename one of them.');
  });

  it("refuses two edges with the same id", () => {
    const flow = simpleFlow();
    (flow.edges as { id: string }[])[2]!.id = "e1";
    expect(problemAt(problemsOf(flow), "duplicate_id", "/edges/2/id").message).toContain('Two edges have the id "e1"');
  });

  it("needs a start node", () => {
    const flow = flowOf([n.action("reserve"), n.end()], ["reserve --success--> done"]);
    expect(problemAt(problemsOf(flow), "missing_start", "/nodes").message).toContain('add one node of kind "start"');
  });

  it("allows only one start node", () => {
    const flow = simpleFlow();
    (flow.nodes as unknown[]).push(n.start("start2"));
    expect(problemAt(problemsOf(flow), "multiple_starts", "/nodes/4").message).toBe(
      'The flow has 2 start nodes ("start" and "start2"): keep one and delete the others.',
    );
  });

  it("refuses an edge into the start node", () => {
    const flow = flowOf([n.start(), n.action("reserve"), n.end()], ["start --success--> reserve", "reserve --success--> done", "reserve --error--> start"]);
    expect(problemAt(problemsOf(flow), "edge_into_start", "/edges/2/to").message).toContain('Edge "e3" leads into the start node "start"');
  });

  it("refuses an edge out of an end node", () => {
    const flow = simpleFlow();
    (flow.edges as unknown[]).push({ id: "again", from: "done", outcome: "success", to: "reserve" });
    expect(problemAt(problemsOf(flow), "edge_from_end", "/edges/3/from").message).toBe(
      'Edge "again" leaves end node "done": an end node finishes the order, so nothing can follow it. Delete the edge.',
    );
  });
});

describe("validateFlow: edges and outcomes", () => {
  it("refuses an edge from or to a node that does not exist, suggesting the closest id", () => {
    const flow = simpleFlow();
    (flow.edges as { from: string; to: string }[])[1]!.from = "reserv";
    (flow.edges as { from: string; to: string }[])[2]!.to = "nowhere";
    const problems = problemsOf(flow);
    expect(problemAt(problems, "dangling_edge", "/edges/1/from").message).toBe(
      'Edge "e2" starts at "reserv", but no node has that id. Did you mean "reserve"? Connect it to an existing node or delete it.',
    );
    expect(problemAt(problems, "dangling_edge", "/edges/2/to").message).toContain('leads to "nowhere", but no node has that id.');
  });

  it("refuses an outcome the node does not have and lists the ones it has", () => {
    const flow = everyKindFlow();
    (flow.edges as { outcome: string }[])[1]!.outcome = "bigg";
    expect(problemAt(problemsOf(flow), "unknown_outcome", "/edges/1/outcome").message).toBe(
      'Edge "e2" leaves node "check" (decision) through "bigg", which is not one of its outcomes. Did you mean "big"? Its outcomes are "big" and "normal".',
    );
  });

  it("refuses two edges for the same outcome of a node", () => {
    const flow = simpleFlow();
    (flow.edges as unknown[]).push({ id: "twice", from: "reserve", outcome: "success", to: "failed" });
    expect(problemAt(problemsOf(flow), "duplicate_outcome_edge", "/edges/3").message).toContain(
      'Edges "e2" and "twice" both leave node "reserve" (action) through "success"',
    );
  });

  it("needs an edge for every outcome", () => {
    const flow = everyKindFlow();
    flow.edges = (flow.edges as { from: string; outcome: string }[]).filter((edge) => !(edge.from === "check" && edge.outcome === "normal"));
    const result = validateFlow(flow);
    expect(result.ok).toBe(false);
    expect(problemAt(result.problems, "missing_outcome", "/nodes/1").message).toBe(
      'Node "check" (decision) has no edge for its outcome "normal": draw an edge from "normal" to the next step.',
    );
  });

  it("only warns about a missing error edge: the order then stops in the exceptions list", () => {
    const flow = simpleFlow();
    flow.edges = (flow.edges as { outcome: string }[]).filter((edge) => edge.outcome !== "error");
    (flow.nodes as unknown[]).pop();
    const result = validateFlow(flow);
    expect(result.ok).toBe(true);
    const found = problemAt(result.problems, "missing_outcome", "/nodes/1");
    expect(found.severity).toBe("warning");
    expect(found.message).toContain("errors will stop the order in the exceptions list");
  });

  it("refuses nodes the start node cannot reach", () => {
    const flow = simpleFlow();
    (flow.nodes as unknown[]).push(n.end("orphan"));
    expect(problemAt(problemsOf(flow), "unreachable", "/nodes/4").message).toBe(
      'Node "orphan" (end) cannot be reached from the start node: no path of edges leads to it. Connect it, or delete it if it is not needed.',
    );
  });
});

describe("validateFlow: loops and parallel blocks", () => {
  it("refuses a loop with nothing that waits, naming its nodes", () => {
    const flow = flowOf(
      [n.start(), n.decision("a"), n.decision("b"), n.end()],
      ["start --success--> a", "a --big--> b", "a --normal--> done", "b --big--> a", "b --normal--> done"],
    );
    expect(problemAt(problemsOf(flow), "loop_without_wait", "/nodes/1").message).toBe(
      'Nodes "a" (decision) and "b" (decision) form a loop with nothing that waits, so an order could go round it forever. Put a task, wait, or action in the loop.',
    );
  });

  it("accepts a loop that passes a wait", () => {
    const flow = flowOf(
      [n.start(), n.decision("a"), n.wait("later"), n.end()],
      ["start --success--> a", "a --big--> later", "a --normal--> done", "later --success--> a"],
    );
    expect(problemsOf(flow)).toEqual([]);
  });

  it("accepts a parallel block whose branches meet at its join", () => {
    expect(problemsOf(parallelFlow())).toEqual([]);
  });

  it("reports a parallel node without a join", () => {
    const flow = parallelFlow();
    nodeOf(flow, "j").split = "q";
    const problems = problemsOf(flow);
    expect(problemAt(problems, "parallel_block", "/nodes/1").message).toContain('Parallel node "p" has no join node');
    expect(problemAt(problems, "parallel_block", "/nodes/4/split").message).toContain('Join node "j" joins the branches of "q", but no node has that id. Did you mean "p"?');
  });

  it("reports a join whose split is not a parallel node", () => {
    const flow = parallelFlow();
    (flow.nodes as unknown[]).push(n.join("j2", "x1"));
    (flow.edges as unknown[]).push({ id: "extra", from: "j2", outcome: "success", to: "done" });
    expect(problemAt(problemsOf(flow), "parallel_block", "/nodes/6/split").message).toContain(`that node's kind is "wait", not "parallel"`);
  });

  it("reports an edge that enters a branch from outside", () => {
    const flow = parallelFlow();
    (flow.edges as { to: string }[])[4]!.to = "x1";
    expect(problemAt(problemsOf(flow), "parallel_block", "/edges/4").message).toContain('enters branch "x" of parallel node "p" from outside');
  });

  it("blames the edge that leaves a branch for a node after the join, not the join's own edge", () => {
    const problems = problemsOf(branchSkipsJoinFlow()).filter((found) => found.code === "parallel_block");
    expect(problems).toEqual([
      expect.objectContaining({
        pointer: "/edges/3",
        message: 'Edge "e4" leaves branch "x" of parallel node "p" for "after": the branch must end at its join node "j" (or an end node). Connect the edge to "j" instead.',
      }),
    ]);
  });

  it("warns when a join waiting for all branches has a branch that can never reach it", () => {
    const flow = parallelFlow();
    (flow.edges as { to: string }[])[4]!.to = "done";
    const result = validateFlow(flow);
    expect(result.ok).toBe(true);
    const found = problemAt(result.problems, "join_unreachable", "/nodes/4");
    expect(found.severity).toBe("warning");
    expect(found.message).toBe(
      'Join node "j" waits for all branches of parallel node "p", but branch "y" has no path to it. The join will only go on if that branch reaches it, so orders never get past "j". Draw an edge from that branch into "j", or set mode to "any" or "n".',
    );
  });

  it('warns when fewer branches can reach a join than its n, and not for mode "any"', () => {
    const branches = (join: Record<string, unknown>) =>
      flowOf(
        [n.start(), n.parallel("p", ["x", "y", "z"]), n.wait("x1"), n.wait("y1"), n.action("z1"), n.join("j", "p", join), n.end(), n.end("failed", "failed")],
        ["start --success--> p", "p --x--> x1", "p --y--> y1", "p --z--> z1", "x1 --success--> j", "y1 --success--> failed", "z1 --success--> done", "z1 --error--> failed", "j --success--> done"],
      );
    expect(problemAt(problemsOf(branches({ mode: "n", n: 2 })), "join_unreachable", "/nodes/5").message).toBe(
      'Join node "j" waits for 2 of the 3 branches of parallel node "p", but branches "y" and "z" have no path to it. The join will only go on if those branches reach it, so orders never get past "j". Draw an edge from each of those branches into "j", or set n to at most 1.',
    );
    expect(problemsOf(branches({ mode: "n", n: 1 }))).toEqual([]);
    expect(problemsOf(branches({ mode: "any" }))).toEqual([]);
  });

  it("does not warn about a branch that reaches its join on one of its paths", () => {
    const flow = parallelFlow();
    nodeOf(flow, "y1").kind = "action";
    nodeOf(flow, "y1").connector = "inventory";
    nodeOf(flow, "y1").action = "reserve";
    delete nodeOf(flow, "y1").until;
    (flow.edges as unknown[]).push({ id: "y1_error", from: "y1", outcome: "error", to: "done" });
    expect(problemsOf(flow)).toEqual([]);
  });

  it('needs n for mode "n", and no more than there are branches', () => {
    const without = parallelFlow({ mode: "n" });
    expect(problemAt(problemsOf(without), "parallel_block", "/nodes/4/n").message).toBe(
      'Join node "j" has mode "n" but no n: set n to the number of branches to wait for.',
    );
    const tooMany = parallelFlow({ mode: "n", n: 3 });
    expect(problemAt(problemsOf(tooMany), "parallel_block", "/nodes/4/n").message).toContain('waits for 3 branches, but parallel node "p" has only 2');
    expect(problemsOf(parallelFlow({ mode: "n", n: 2 }))).toEqual([]);
  });
});

describe("validateFlow: decisions", () => {
  it("needs exactly one of conditions and table", () => {
    const neither = everyKindFlow();
    delete nodeOf(neither, "check").conditions;
    expect(problemAt(problemsOf(neither), "decision_rules", pointerOfNode(neither, "check")).message).toContain("has neither conditions nor a table");
    const both = everyKindFlow();
    nodeOf(both, "check").table = { hitPolicy: "first", rows: [{ when: true, outcome: "big" }] };
    expect(problemAt(problemsOf(both), "decision_rules", pointerOfNode(both, "check")).message).toContain("has both conditions and a table");
  });

  it("warns about rows without priority under hit policy priority", () => {
    const flow = everyKindFlow();
    const check = nodeOf(flow, "check");
    delete check.conditions;
    check.table = {
      hitPolicy: "priority",
      inputs: { total: { var: "input.total" } },
      rows: [
        { when: { ">": [{ var: "in.total" }, 1000] }, outcome: "big", priority: 2 },
        { when: { ">": [{ var: "in.total" }, 500] }, outcome: "big" },
      ],
    };
    const result = validateFlow(flow);
    expect(result.ok).toBe(true);
    const found = problemAt(result.problems, "missing_priority", `${pointerOfNode(flow, "check")}/table/rows/1`);
    expect(found.severity).toBe("warning");
    expect(found.message).toContain('Row 2 of decision node "check" has no priority');
  });
});
