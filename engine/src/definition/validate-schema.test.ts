import { describe, expect, it } from "vitest";
import { validateFlow } from "./validate";
import { everyKindFlow, flowOf, n, nodeOf, pointerOfNode, problemAt, REGISTRIES, simpleFlow } from "./test-flows";

const check = (doc: unknown) => validateFlow(doc, REGISTRIES);

describe("validateFlow: the whole flow", () => {
  it("accepts a flow that uses every node kind, with no problem at all", () => {
    const flow = everyKindFlow();
    const result = check(flow);
    expect(result.problems).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.flow).toBe(flow);
  });

  it("reports every problem at once, each with its own pointer", () => {
    const flow = everyKindFlow();
    Object.assign(nodeOf(flow, "reserve"), { retry: { maxAttempts: 0 }, connector: "inventry" });
    nodeOf(flow, "pack").form = "packing";
    (flow.edges as { to: string }[])[0]!.to = "chek";
    const { ok, problems } = check(flow);
    expect(ok).toBe(false);
    expect(problems.map((p) => `${p.code} ${p.pointer}`)).toEqual(
      expect.arrayContaining([
        "schema /nodes/3/retry/maxAttempts",
        "unknown_connector /nodes/3/connector",
        "unknown_form /nodes/8/form",
        "dangling_edge /edges/0/to",
      ]),
    );
  });

  it("still analyses the graph when only some fields are wrong", () => {
    const flow = simpleFlow({ timeout: "30 seconds" });
    (flow.edges as unknown[]).pop();
    const { problems, flow: analysed } = check(flow);
    expect(analysed).toBeDefined();
    problemAt(problems, "schema", "/nodes/1/timeout");
    expect(problemAt(problems, "unreachable", "/nodes/3").message).toContain('"failed" (end)');
  });

  it("returns no flow when the nodes are too broken to analyse, but still lists every node's problem", () => {
    const flow = simpleFlow();
    (flow.nodes as unknown[]).push({ id: "x", kind: "acton" }, { id: "y" }, 4);
    const result = check(flow);
    expect(result.flow).toBeUndefined();
    expect(result.problems.map((p) => `${p.code} ${p.pointer}`)).toEqual(["unknown_kind /nodes/4/kind", "unknown_kind /nodes/5/kind", "schema /nodes/6"]);
  });
});

describe("validateFlow: schema problems in plain words", () => {
  it("names a missing field, the node and what the field is for", () => {
    const flow = simpleFlow({ connector: undefined });
    const found = problemAt(check(flow).problems, "schema", "/nodes/1/connector");
    expect(found.message).toBe('Node "reserve" (action) is missing "connector": add it (The connector\'s id, e.g. inventory, sf_express, taobao).');
  });

  it("suggests the closest known field for an unknown one", () => {
    const flow = everyKindFlow();
    nodeOf(flow, "pack").titel = "Pack it";
    const found = problemAt(check(flow).problems, "schema", `${pointerOfNode(flow, "pack")}/titel`);
    expect(found.message).toContain('Node "pack" (task) has an unknown field "titel". Did you mean "title"?');
  });

  it("says which type a field needs and what it got", () => {
    const found = problemAt(check(simpleFlow({ retry: { maxAttempts: "3" } })).problems, "schema", "/nodes/1/retry/maxAttempts");
    expect(found.message).toBe('Node "reserve" (action): "retry.maxAttempts" must be a whole number, not the text "3".');
  });

  it("lists the allowed values of a choice", () => {
    const flow = everyKindFlow();
    nodeOf(flow, "joined").mode = "some";
    const found = problemAt(check(flow).problems, "schema", `${pointerOfNode(flow, "joined")}/mode`);
    expect(found.message).toBe('Node "joined" (join): "mode" must be one of "all", "any" or "n", not the text "some".');
  });

  it("names the character an id may not contain", () => {
    const flow = simpleFlow();
    nodeOf(flow, "reserve").id = "pick.1";
    const found = problemAt(check(flow).problems, "bad_id", "/nodes/1/id");
    expect(found.message).toContain('"pick.1" contains ".": ids may use letters, digits, _ and -, and start with a letter');
    expect(found.message).toContain('"pick_1"');
  });

  it("explains an id that does not start with a letter", () => {
    const flow = simpleFlow();
    (flow.edges as { id: string }[])[1]!.id = "2nd";
    expect(problemAt(check(flow).problems, "bad_id", "/edges/1/id").message).toContain('"2nd" starts with "2": ids start with a letter');
  });

  it("gives an example of a duration", () => {
    const found = problemAt(check(simpleFlow({ retry: { maxAttempts: 3, initialDelay: "30s" } })).problems, "schema", "/nodes/1/retry/initialDelay");
    expect(found.message).toContain('"retry.initialDelay" is "30s", which is not a duration. Write it like "PT30M" (30 minutes)');
  });

  it("lists the node kinds for an unknown kind and suggests the closest", () => {
    const flow = simpleFlow();
    nodeOf(flow, "reserve").kind = "acton";
    const found = problemAt(check(flow).problems, "unknown_kind", "/nodes/1/kind");
    expect(found.message).toContain('Did you mean "action"?');
    expect(found.message).toContain('"start", "action", "decision", "task", "wait", "parallel", "join", "for_each" and "end"');
  });

  it("checks a wait against the kind of wait its type names, not every kind at once", () => {
    const flow = everyKindFlow();
    nodeOf(flow, "payment").until = { type: "timer", duration: "PT1H" };
    nodeOf(flow, "evening").until = { type: "duration" };
    const { problems } = check(flow);
    expect(problemAt(problems, "schema", `${pointerOfNode(flow, "payment")}/until/type`).message).toBe(
      'Node "payment" (wait): "until.type" must be one of "duration", "time", "schedule" or "event", not the text "timer".',
    );
    expect(problemAt(problems, "schema", `${pointerOfNode(flow, "evening")}/until/duration`).message).toContain('is missing "until.duration"');
    expect(problems.filter((p) => p.code === "schema")).toHaveLength(2);
  });

  it("describes what a display text may look like", () => {
    const found = problemAt(check({ ...simpleFlow(), name: 5 }).problems, "schema", "/name");
    expect(found.message).toBe('The flow: "name" has the wrong form (the number 5). Expected: A text shown to people: "打包" or { "zh": "打包", "en": "Pack" }.');
  });

  it("refuses mapping field names that rules could not read", () => {
    const found = problemAt(check(simpleFlow({ input: { "order-total": 1 } })).problems, "schema", "/nodes/1/input/order-total");
    expect(found.message).toContain('"input" has the field name "order-total", which is not allowed');
    expect(found.message).toContain('"order_total"');
  });

  it("refuses a form id a task could not refer to", () => {
    const flow = simpleFlow();
    flow.forms = { "pack.v2": (flow.forms as Record<string, unknown>).pack };
    expect(problemAt(check(flow).problems, "bad_id", "/forms/pack.v2").message).toContain('"pack.v2" contains "."');
  });

  it("speaks of the item itself when the item is wrong as a whole", () => {
    const flow = everyKindFlow();
    (flow.alerts as unknown[]).push(4);
    expect(problemAt(check(flow).problems, "schema", "/alerts/1").message).toBe("Alert #2 must be a group of fields ({ … }), not the number 4.");
  });

  it("asks for at least one of the fields of an audience", () => {
    const flow = flowOf([n.start(), n.task("pack", { assignee: {} }), n.end()], ["start --success--> pack", "pack --done--> done"]);
    const found = problemAt(check(flow).problems, "schema", "/nodes/1/assignee");
    expect(found.message).toBe('Node "pack" (task): "assignee" needs at least one of "role", "user" or "warehouse".');
  });
});
