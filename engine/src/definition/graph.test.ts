import { describe, expect, it } from "vitest";
import { analyseFlow } from "./graph";
import type { Flow } from "./schema";
import { validateFlow } from "./validate";
import { flowOf, n } from "./test-flows";

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
});
