import { describe, expect, it } from "vitest";
import { validateFlow } from "./validate";
import { everyKindFlow, flowOf, n, nodeOf, pointerOfNode, problemAt, REGISTRIES, simpleFlow } from "./test-flows";

type Flow = ReturnType<typeof everyKindFlow>;
const BAD_RULE = { frobnicate: [1] };

describe("validateFlow: JsonLogic fields", () => {
  const sites: [string, (flow: Flow, rule: unknown) => void, (flow: Flow) => string][] = [
    ["decision condition", (f, rule) => ((nodeOf(f, "check").conditions as { when: unknown }[])[0]!.when = rule), (f) => `${pointerOfNode(f, "check")}/conditions/0/when`],
    ["action input", (f, rule) => (nodeOf(f, "reserve").input = { lines: rule }), (f) => `${pointerOfNode(f, "reserve")}/input/lines`],
    ["compensation input", (f, rule) => ((nodeOf(f, "reserve").compensation as { input: unknown }).input = { lines: rule }), (f) => `${pointerOfNode(f, "reserve")}/compensation/input/lines`],
    ["task prefill", (f, rule) => (nodeOf(f, "approve").prefill = { total: rule }), (f) => `${pointerOfNode(f, "approve")}/prefill/total`],
    ["task outcome", (f, rule) => ((nodeOf(f, "approve").outcomes as { when: unknown }[])[0]!.when = rule), (f) => `${pointerOfNode(f, "approve")}/outcomes/0/when`],
    ["assignee warehouse", (f, rule) => (nodeOf(f, "approve").assignee = { warehouse: rule }), (f) => `${pointerOfNode(f, "approve")}/assignee/warehouse`],
    ["wait correlation", (f, rule) => ((nodeOf(f, "payment").until as { correlation: unknown }).correlation = rule), (f) => `${pointerOfNode(f, "payment")}/until/correlation`],
    ["wait time", (f, rule) => (nodeOf(f, "evening").until = { type: "time", at: rule }), (f) => `${pointerOfNode(f, "evening")}/until/at`],
    ["for_each items", (f, rule) => (nodeOf(f, "pick_lines").items = rule), (f) => `${pointerOfNode(f, "pick_lines")}/items`],
    ["end output", (f, rule) => (nodeOf(f, "failed").output = { reason: rule }), (f) => `${pointerOfNode(f, "failed")}/output/reason`],
    ["escalation recipient", (f, rule) => ((nodeOf(f, "approve").escalations as { notify: { to: unknown } }[])[0]!.notify.to = { user: rule }), (f) => `${pointerOfNode(f, "approve")}/escalations/0/notify/to/user`],
    ["escalation reassignment", (f, rule) => ((nodeOf(f, "approve").escalations as { reassign: unknown }[])[1]!.reassign = { warehouse: rule }), (f) => `${pointerOfNode(f, "approve")}/escalations/1/reassign/warehouse`],
    ["trigger filter", (f, rule) => ((f.trigger as { filter: unknown }).filter = rule), () => "/trigger/filter"],
    ["alert condition", (f, rule) => ((f.alerts as { when: unknown }[])[0]!.when = rule), () => "/alerts/0/when"],
    ["alert recipient", (f, rule) => ((f.alerts as { notify: { to: unknown } }[])[0]!.notify.to = { user: rule }), () => "/alerts/0/notify/to/user"],
  ];

  it.each(sites)("checks the rule of a %s", (_, breakIt, pointerOf) => {
    const flow = everyKindFlow();
    breakIt(flow, BAD_RULE);
    const result = validateFlow(flow, REGISTRIES);
    expect(result.ok).toBe(false);
    expect(problemAt(result.problems, "invalid_rule", pointerOf(flow)).message).toContain('Unknown operator "frobnicate"');
  });

  it.each(sites)("points into the flow at the wrong part of a %s rule", (_, breakIt, pointerOf) => {
    const flow = everyKindFlow();
    breakIt(flow, { and: [true, { time_add: [{ var: "input.paidAt" }, "2h"] }] });
    const found = problemAt(validateFlow(flow, REGISTRIES).problems, "invalid_rule", `${pointerOf(flow)}/and/1/time_add/1`);
    expect(found.message).toContain('"2h" is not an ISO-8601 duration');
    expect(found.message).not.toContain("(at ");
  });

  it("ends a rule's message with its own question mark, not a doubled stop", () => {
    const flow = everyKindFlow();
    (nodeOf(flow, "check").conditions as { when: unknown }[])[0]!.when = { start_with: [{ var: "input.sku" }, "X-"] };
    expect(problemAt(validateFlow(flow, REGISTRIES).problems, "invalid_rule", "/nodes/1/conditions/0/when").message).toBe(
      'Node "check" (decision), rule "conditions[0].when": Unknown operator "start_with"; did you mean "starts_with"?',
    );
  });

  it("names the node and the field of a bad rule", () => {
    const flow = everyKindFlow();
    (nodeOf(flow, "check").conditions as { when: unknown }[])[0]!.when = BAD_RULE;
    const found = problemAt(validateFlow(flow, REGISTRIES).problems, "invalid_rule", "/nodes/1/conditions/0/when");
    expect(found.message).toMatch(/^Node "check" \(decision\), rule "conditions\[0\]\.when": Unknown operator "frobnicate"/);
  });

  it("checks the computed inputs and rows of a decision table", () => {
    const flow = everyKindFlow();
    const check = nodeOf(flow, "check");
    delete check.conditions;
    check.table = { hitPolicy: "first", inputs: { total: BAD_RULE }, rows: [{ when: BAD_RULE, outcome: "big", output: { note: BAD_RULE } }] };
    const problems = validateFlow(flow, REGISTRIES).problems;
    for (const pointer of ["/nodes/1/table/inputs/total", "/nodes/1/table/rows/0/when", "/nodes/1/table/rows/0/output/note"]) problemAt(problems, "invalid_rule", pointer);
  });
});

describe("validateFlow: schedules", () => {
  const withSchedule = (cron: string, timeZone = "Asia/Shanghai") => {
    const flow = everyKindFlow();
    nodeOf(flow, "evening").until = { type: "schedule", cron, timeZone };
    return validateFlow(flow, REGISTRIES).problems;
  };

  it("refuses a cron expression that does not parse, saying why", () => {
    expect(problemAt(withSchedule("0 25 * * *"), "invalid_cron", "/nodes/10/until/cron").message).toContain(
      'Node "evening" (wait): the schedule "0 25 * * *" is not valid (invalid value for hour: 25). A schedule has 5 parts',
    );
  });

  it("needs exactly five parts", () => {
    expect(problemAt(withSchedule("0 0 20 * * *"), "invalid_cron", "/nodes/10/until/cron").message).toContain('"0 0 20 * * *" has 6 parts');
  });

  it("refuses a schedule that never happens", () => {
    expect(problemAt(withSchedule("0 8 30 2 *"), "invalid_cron", "/nodes/10/until/cron").message).toContain("never happens");
  });

  it("refuses an unknown time zone, suggesting the closest", () => {
    expect(problemAt(withSchedule("0 20 * * *", "Asia/Shang_hai"), "invalid_time_zone", "/nodes/10/until/timeZone").message).toBe(
      'Node "evening" (wait): "Asia/Shang_hai" is not a time zone. Did you mean "Asia/Shanghai"? Use an IANA name such as "Asia/Shanghai" or "UTC".',
    );
    problemAt(withSchedule("0 20 * * *", "+08:00"), "invalid_time_zone", "/nodes/10/until/timeZone");
  });

  it.each([
    ["Asia/Beijing", "Asia/Shanghai"],
    ["Asia/Shenzhen", "Asia/Shanghai"],
    ["Guangzhou", "Asia/Shanghai"],
    ["asia/hangzhou", "Asia/Shanghai"],
    ["Asia/Chengdu", "Asia/Shanghai"],
    ["Wuhan", "Asia/Shanghai"],
    ["北京", "Asia/Shanghai"],
    ["Asia/Hong Kong", "Asia/Hong_Kong"],
    ["Taipei", "Asia/Taipei"],
    ["Europe/Berln", "Europe/Berlin"],
    ["Berlin", "Europe/Berlin"],
    ["America/Los_Angles", "America/Los_Angeles"],
    ["Aisa/Tokyo", "Asia/Tokyo"],
  ])("suggests a real zone for %s: %s", (typed, zone) => {
    expect(problemAt(withSchedule("0 20 * * *", typed), "invalid_time_zone", "/nodes/10/until/timeZone").message).toBe(
      `Node "evening" (wait): ${JSON.stringify(typed)} is not a time zone. Did you mean "${zone}"? Use an IANA name such as "Asia/Shanghai" or "UTC".`,
    );
  });

  it("checks a schedule trigger too", () => {
    const flow = everyKindFlow();
    flow.trigger = { type: "schedule", cron: "0 20 * * 8", timeZone: "Europe/Berlin" };
    expect(problemAt(validateFlow(flow, REGISTRIES).problems, "invalid_cron", "/trigger/cron").message).toMatch(/^The trigger: the schedule "0 20 \* \* 8" is not valid/);
  });
});

describe("validateFlow: names the flow refers to", () => {
  it("refuses an unknown connector, suggesting the closest", () => {
    const found = problemAt(validateFlow(simpleFlow({ connector: "inventry" }), REGISTRIES).problems, "unknown_connector", "/nodes/1/connector");
    expect(found.message).toBe(
      'Node "reserve" (action) uses the connector "inventry", which is not installed. Did you mean "inventory"? Installed connectors: "inventory", "finance" and "dingtalk".',
    );
  });

  it("refuses an action the connector does not have, in the call and in its compensation", () => {
    const flow = simpleFlow({ action: "reseve", compensation: { connector: "inventory", action: "unreserve" } });
    const problems = validateFlow(flow, REGISTRIES).problems;
    expect(problemAt(problems, "unknown_action", "/nodes/1/action").message).toContain('calls "reseve", which the connector "inventory" does not have. Did you mean "reserve"?');
    expect(problemAt(problems, "unknown_action", "/nodes/1/compensation/action").message).toContain('Its actions are "reserve" and "release"');
  });

  it("refuses a notification channel that is not an installed connector", () => {
    const flow = everyKindFlow();
    (nodeOf(flow, "approve").escalations as { notify: { channel: string } }[])[0]!.notify.channel = "dingtlak";
    const found = problemAt(validateFlow(flow, REGISTRIES).problems, "unknown_connector", "/nodes/2/escalations/0/notify/channel");
    expect(found.message).toContain('notifies through "dingtlak", which is not an installed connector. Did you mean "dingtalk"?');
  });

  it("refuses a child flow that does not exist", () => {
    const flow = everyKindFlow();
    nodeOf(flow, "pick_lines").flow = "pick_lines";
    expect(problemAt(validateFlow(flow, REGISTRIES).problems, "unknown_flow", "/nodes/5/flow").message).toContain('Did you mean "pick_line"?');
  });

  it("does not check connectors or flows when no registry is given", () => {
    const flow = everyKindFlow();
    nodeOf(flow, "reserve").connector = "anything";
    nodeOf(flow, "pick_lines").flow = "any_flow";
    expect(validateFlow(flow).problems).toEqual([]);
  });

  it("refuses a task form the flow does not define, even without registries", () => {
    const flow = everyKindFlow();
    nodeOf(flow, "pack").form = "packing";
    expect(problemAt(validateFlow(flow).problems, "unknown_form", "/nodes/8/form").message).toBe(
      'Node "pack" (task) uses the form "packing", which this flow does not define. Add it under forms, or use one of "pack" or "approval".',
    );
  });

  it("offers the one form there is, or says to add a form when there is none", () => {
    const oneForm = flowOf([n.start(), n.task("pick", { form: "packing" }), n.end()], ["start --success--> pick", "pick --done--> done"]);
    expect(problemAt(validateFlow(oneForm).problems, "unknown_form", "/nodes/1/form").message).toBe(
      'Node "pick" (task) uses the form "packing", which this flow does not define. Add it under forms, or use "pack".',
    );
    const noForms = flowOf([n.start(), n.task("pick"), n.end()], ["start --success--> pick", "pick --done--> done"], { forms: {} });
    expect(problemAt(validateFlow(noForms).problems, "unknown_form", "/nodes/1/form").message).toBe(
      'Node "pick" (task) uses the form "pack", which this flow does not define. The flow has no forms yet: add a form "pack" to the flow\'s forms first.',
    );
  });

  it("checks each form of the flow", () => {
    const flow = everyKindFlow();
    (flow.forms as Record<string, { schema: { required: string[] } }>).pack!.schema.required = ["wieght"];
    const found = problemAt(validateFlow(flow).problems, "invalid_form", "/forms/pack/schema/required/0");
    expect(found.message).toContain('Form "pack": "wieght" is listed as required, but the form has no such field. Did you mean "weight"?');
  });
});
