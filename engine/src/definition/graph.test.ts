import { describe, expect, it } from "vitest";
import { analyseFlow } from "./graph";
import type { Flow } from "./schema";
import { validateFlow } from "./validate";
import { branchSkipsJoinFlow, flowOf, n } from "./test-flows";

describe("analyseFlow: parallel blocks", () => {
  // Branch "x" of the inner block goes straight to the outer join, as isJoinOf allows.
  const nested = flowOf(
    [
      n.start(),
      n.parallel("outer", ["a", "b"]),
      n.parallel("inner", ["x", "y"]),
      n.wait("x1"),
      n.wait("y1"),
      n.join("inner_join", "inner", { mode: "any" }),
      n.wait("a2"),
      n.wait("b1"),
      n.join("outer_join", "outer", { mode: "any" }),
      n.wait("after"),
      n.end(),
    ],
    [
      "start --success--> outer",
      "outer --a--> inner",
      "inner --x--> x1",
      "x1 --success--> outer_join",
      "inner --y--> y1",
      "y1 --success--> inner_join",
      "inner_join --success--> a2",
      "a2 --success--> outer_join",
      "outer --b--> b1",
      "b1 --success--> outer_join",
      "outer_join --success--> after",
      "after --success--> done",
    ],
  );

  it("keeps a nested branch that goes straight to the enclosing join inside its block", () => {
    const graph = analyseFlow(nested as unknown as Flow);
    expect(graph.blockProblems).toEqual([]);
    expect(graph.branchOf.get("x1")).toEqual({ split: "inner", branch: "x" });
    expect(graph.branchOf.get("a2")).toEqual({ split: "outer", branch: "a" });
    expect(graph.branchOf.has("outer_join")).toBe(false);
    expect(graph.branchOf.has("after")).toBe(false);
    expect(validateFlow(nested).problems).toEqual([]);
  });

  it("keeps a node after the join out of a branch that skips the join, so the edge into it is the one at fault", () => {
    const graph = analyseFlow(branchSkipsJoinFlow() as unknown as Flow);
    expect(graph.branchOf.has("after")).toBe(false);
    expect(graph.blocks.get("p")?.branches.get("x")).toEqual(new Set(["x1"]));
    expect(graph.blockProblems.map((found) => found.pointer)).toEqual(["/edges/3"]);
  });

  it("keeps a branch node in its branch when an edge from after the join enters it", () => {
    const flow = flowOf(
      [n.start(), n.parallel("p", ["x", "y"]), n.wait("x1"), n.wait("x2"), n.wait("y1"), n.join("j", "p"), n.decision("after"), n.end()],
      ["start --success--> p", "p --x--> x1", "x1 --success--> x2", "x2 --success--> j", "p --y--> y1", "y1 --success--> j", "j --success--> after", "after --big--> x2", "after --normal--> done"],
    );
    const graph = analyseFlow(flow as unknown as Flow);
    expect(graph.blocks.get("p")?.branches.get("x")).toEqual(new Set(["x1", "x2"]));
    expect(graph.blockProblems).toEqual([{ pointer: "/edges/7", message: expect.stringContaining('Edge "e8" enters branch "x" of parallel node "p" from outside') }]);
  });
});
