/**
 * Short builders for the flows the definition tests validate: each test
 * starts from a valid flow and breaks one thing.
 */
type Fields = Record<string, unknown>;

export const PACK_FORM = {
  title: { zh: "打包", en: "Pack" },
  schema: {
    type: "object",
    required: ["weight", "photo"],
    properties: {
      weight: { type: "number", format: "weight", title: "Weight (kg)" },
      photo: { type: "string", format: "photo" },
      parcels: {
        type: "array",
        title: "Parcels",
        items: { type: "object", required: ["barcode"], properties: { barcode: { type: "string", format: "barcode", title: "Barcode" } } },
      },
    },
  },
  uiSchema: { weight: { "ui:widget": "weight" }, photo: { "ui:widget": "photo" }, parcels: { items: { barcode: { "ui:widget": "barcode" } } } },
};

export const n = {
  start: (id = "start"): Fields => ({ id, kind: "start" }),
  action: (id: string, fields: Fields = {}): Fields => ({ id, kind: "action", connector: "inventory", action: "reserve", ...fields }),
  decision: (id: string, fields: Fields = {}): Fields => ({
    id,
    kind: "decision",
    conditions: [{ outcome: "big", when: { ">": [{ var: "input.total" }, 1000] } }],
    default: "normal",
    ...fields,
  }),
  task: (id: string, fields: Fields = {}): Fields => ({ id, kind: "task", form: "pack", assignee: { role: "packer" }, ...fields }),
  wait: (id: string, until: Fields = { type: "duration", duration: "PT1H" }): Fields => ({ id, kind: "wait", until }),
  parallel: (id: string, branches: string[]): Fields => ({ id, kind: "parallel", branches }),
  join: (id: string, split: string, fields: Fields = {}): Fields => ({ id, kind: "join", split, mode: "all", ...fields }),
  forEach: (id: string, fields: Fields = {}): Fields => ({ id, kind: "for_each", items: { var: "input.lines" }, flow: "pick_line", ...fields }),
  end: (id = "done", status = "completed"): Fields => ({ id, kind: "end", status }),
};

/** Edges written as `"from --outcome--> to"`, with ids e1, e2, …; a fresh copy that tests may change. */
export function flowOf(nodes: Fields[], edges: string[], fields: Fields = {}): Fields {
  return structuredClone({
    schemaVersion: 1,
    id: "test_flow",
    name: "Test flow",
    trigger: { type: "manual" },
    nodes,
    edges: edges.map((text, index) => {
      const match = /^(\S+) --(\S+)--> (\S+)$/.exec(text);
      if (!match) throw new Error(`bad edge ${text}`);
      return { id: `e${index + 1}`, from: match[1], outcome: match[2], to: match[3] };
    }),
    forms: { pack: PACK_FORM },
    ...fields,
  });
}

/** start → action → end, every outcome handled. */
export function simpleFlow(action: Fields = {}): Fields {
  return flowOf([n.start(), n.action("reserve", action), n.end(), n.end("failed", "failed")], [
    "start --success--> reserve",
    "reserve --success--> done",
    "reserve --error--> failed",
  ]);
}

export const REGISTRIES = {
  connectors: {
    inventory: { actions: ["reserve", "release"] },
    finance: { actions: ["create_invoice"] },
    dingtalk: { actions: ["send"] },
  },
  flows: ["pick_line"],
};

/** A flow with every node kind, trigger filter, alerts, escalations and a schedule: valid, without warnings. */
export function everyKindFlow(): Fields {
  return flowOf(
    [
      n.start(),
      n.decision("check", {
        name: { zh: "检查", en: "Check" },
        conditions: [{ outcome: "big", when: { ">": [{ var: "input.total" }, 1000] }, label: "Over 1000" }],
        default: "normal",
      }),
      n.task("approve", {
        form: "approval",
        title: "Approve a big order",
        assignee: { role: "supervisor", warehouse: { var: "input.warehouse" } },
        prefill: { total: { var: "input.total" } },
        due: "PT4H",
        priority: "high",
        outcomes: [{ outcome: "approved", when: { "==": [{ var: "form.approved" }, true] } }],
        default: "rejected",
        escalations: [
          { after: "PT2H", notify: { to: { role: "supervisor" }, channel: "dingtalk", message: "Still waiting" } },
          { after: "PT3H", alert: { severity: "warning", message: "Approval late" }, reassign: { role: "manager" } },
        ],
      }),
      n.action("reserve", {
        input: { lines: { var: "input.lines" } },
        retry: { maxAttempts: 3, initialDelay: "PT1S", backoffFactor: 2, maxDelay: "PT1M" },
        timeout: "PT30S",
        compensation: { connector: "inventory", action: "release", input: { lines: { var: "input.lines" } } },
      }),
      n.parallel("fork", ["pick", "invoice"]),
      n.forEach("pick_lines", { input: { sku: { var: "item.sku" } } }),
      n.action("invoice", { connector: "finance", action: "create_invoice" }),
      n.join("joined", "fork"),
      n.task("pack"),
      n.wait("payment", { type: "event", event: "payment.confirmed", correlation: { var: "input.orderId" }, timeout: "P1D" }),
      n.wait("evening", { type: "schedule", cron: "0 20 * * *", timeZone: "Asia/Shanghai" }),
      n.end("done"),
      { ...n.end("failed", "failed"), output: { reason: { var: "steps.reserve.error.message" } } },
      n.end("cancelled", "cancelled"),
    ],
    [
      "start --success--> check",
      "check --big--> approve",
      "check --normal--> reserve",
      "approve --approved--> reserve",
      "approve --rejected--> cancelled",
      "reserve --success--> fork",
      "reserve --error--> failed",
      "fork --pick--> pick_lines",
      "fork --invoice--> invoice",
      "pick_lines --success--> joined",
      "pick_lines --error--> failed",
      "invoice --success--> joined",
      "invoice --error--> failed",
      "joined --success--> pack",
      "pack --done--> payment",
      "payment --success--> evening",
      "payment --timeout--> cancelled",
      "evening --success--> done",
    ],
    {
      description: "Every node kind once.",
      trigger: { type: "order", channels: ["taobao"], filter: { "!=": [{ var: "input.status" }, "test"] } },
      inputSchema: { type: "object" },
      forms: {
        pack: PACK_FORM,
        approval: { title: "Approve", schema: { type: "object", properties: { approved: { type: "boolean" }, total: { type: "number" } } } },
      },
      alerts: [
        {
          id: "late",
          name: "Order late",
          when: { ">": [{ var: "now" }, { var: "input.promisedAt" }] },
          severity: "critical",
          notify: { to: { role: "supervisor" }, channel: "dingtalk", message: { zh: "订单延迟", en: "Order late" } },
          checkEvery: "PT15M",
        },
      ],
      ui: { positions: { start: [0, 0] } },
    },
  );
}

interface Reported {
  pointer: string;
  code: string;
  message: string;
  severity: string;
}

/** The problem with this code at this pointer; fails listing what was reported instead. */
export function problemAt<P extends Reported>(problems: readonly P[], code: string, pointer: string): P {
  const found = problems.find((p) => p.code === code && p.pointer === pointer);
  if (!found) throw new Error(`expected ${code} at ${pointer}; got:\n${problems.map((p) => `  ${p.code} ${p.pointer}: ${p.message}`).join("\n")}`);
  return found;
}

/** The node with this id in a built flow, to change in place. */
export function nodeOf(flow: Fields, id: string): Fields {
  const found = (flow.nodes as Fields[]).find((node) => node.id === id);
  if (!found) throw new Error(`no node ${id}`);
  return found;
}

/** `/nodes/<index>` of the node with this id. */
export function pointerOfNode(flow: Fields, id: string): string {
  return `/nodes/${(flow.nodes as Fields[]).findIndex((node) => node.id === id)}`;
}

/** A parallel block p (branches x, y) with join j; the tests break its edges. */
export function parallelFlow(join: Fields = {}): Fields {
  return flowOf(
    [n.start(), n.parallel("p", ["x", "y"]), n.wait("x1"), n.wait("y1"), n.join("j", "p", join), n.end()],
    ["start --success--> p", "p --x--> x1", "p --y--> y1", "x1 --success--> j", "y1 --success--> j", "j --success--> done"],
  );
}

/** Branch x goes from x1 straight to "after", the node after the join, instead of to the join. */
export function branchSkipsJoinFlow(): Fields {
  return flowOf(
    [n.start(), n.parallel("p", ["x", "y"]), n.wait("x1"), n.wait("y1"), n.join("j", "p"), n.wait("after"), n.end()],
    ["start --success--> p", "p --x--> x1", "p --y--> y1", "x1 --success--> after", "y1 --success--> j", "j --success--> after", "after --success--> done"],
  );
}

/**
 * One flow per kind of mistake the validator explains, each built from the
 * fixtures above: every message family appears at least once, so tests about
 * all messages (their punctuation, say) have something to read.
 */
export function brokenFlows(): [mistake: string, flow: Fields][] {
  const change = (build: () => Fields, breakIt: (flow: Fields) => void): Fields => {
    const flow = build();
    breakIt(flow);
    return flow;
  };
  const edges = (flow: Fields) => flow.edges as Record<string, string>[];
  const rule = (when: unknown) => change(everyKindFlow, (f) => ((nodeOf(f, "check").conditions as Fields[])[0]!.when = when));
  const schedule = (cron: string, timeZone: string) => change(everyKindFlow, (f) => (nodeOf(f, "evening").until = { type: "schedule", cron, timeZone }));
  const form = (schema: Fields, uiSchema: Fields = {}) => change(everyKindFlow, (f) => ((f.forms as Fields).pack = { title: "Pack", schema, uiSchema }));
  return [
    ["duplicate node id", change(simpleFlow, (f) => (nodeOf(f, "failed").id = "done"))],
    ["no start node", flowOf([n.action("reserve"), n.end()], ["reserve --success--> done"])],
    ["two start nodes", change(simpleFlow, (f) => (f.nodes as Fields[]).push(n.start("start2")))],
    ["edge into start", change(simpleFlow, (f) => (edges(f)[2]!.to = "start"))],
    ["edge from end", change(simpleFlow, (f) => edges(f).push({ id: "again", from: "done", outcome: "success", to: "reserve" }))],
    ["dangling edge", change(simpleFlow, (f) => (edges(f)[1]!.from = "reserv"))],
    ["unknown outcome", change(everyKindFlow, (f) => (edges(f)[1]!.outcome = "bigg"))],
    ["unknown outcome of a one-outcome node", change(simpleFlow, (f) => (edges(f)[0]!.outcome = "sucess"))],
    ["duplicate outcome edge", change(simpleFlow, (f) => edges(f).push({ id: "twice", from: "reserve", outcome: "success", to: "failed" }))],
    ["missing error edge", change(simpleFlow, (f) => edges(f).pop())],
    ["unreachable node", change(simpleFlow, (f) => (f.nodes as Fields[]).push(n.end("orphan")))],
    ["loop without wait", flowOf([n.start(), n.decision("a"), n.end()], ["start --success--> a", "a --big--> a", "a --normal--> done"])],
    ["parallel without join", change(parallelFlow, (f) => (nodeOf(f, "j").split = "q"))],
    ["join of a non-parallel node", change(parallelFlow, (f) => (nodeOf(f, "j").split = "x1"))],
    ["edge into a branch", change(parallelFlow, (f) => (edges(f)[4]!.to = "x1"))],
    ["branch skips its join", branchSkipsJoinFlow()],
    ["join waits for a branch that ends", change(parallelFlow, (f) => (edges(f)[4]!.to = "done"))],
    ["join n missing", parallelFlow({ mode: "n" })],
    ["join n too large", parallelFlow({ mode: "n", n: 3 })],
    ["decision with conditions and table", change(everyKindFlow, (f) => (nodeOf(f, "check").table = { hitPolicy: "first", rows: [{ when: true, outcome: "big" }] }))],
    [
      "table row without priority",
      change(everyKindFlow, (f) => {
        const check = nodeOf(f, "check");
        delete check.conditions;
        check.table = { hitPolicy: "priority", rows: [{ when: true, outcome: "big" }] };
      }),
    ],
    ["misspelt operator", rule({ start_with: [{ var: "input.sku" }, "X-"] })],
    ["unknown operator", rule({ and: [true, { frobnicate: [1] }] })],
    ["data path through __proto__", rule({ var: "input.__proto__.x" })],
    ["bad duration in a rule", rule({ time_after: [{ now: [] }, { time_add: [{ var: "input.paidAt" }, "2h"] }] })],
    ["bad time zone in a rule", rule({ ">=": [{ hour_of_day: [{ var: "input.at" }, "Asia/Beijing"] }, 22] })],
    ["wrong argument count", rule({ time_after: [{ now: [] }] })],
    ["bad cron", schedule("0 25 * * *", "Asia/Shanghai")],
    ["six-part cron", schedule("0 0 20 * * *", "Asia/Shanghai")],
    ["cron that never happens", schedule("0 8 30 2 *", "Asia/Shanghai")],
    ["city as a time zone", schedule("0 20 * * *", "Asia/Beijing")],
    ["offset as a time zone", schedule("0 20 * * *", "+08:00")],
    ["zone nothing is close to", schedule("0 20 * * *", "Somewhere")],
    ["unknown connector", simpleFlow({ connector: "inventry" })],
    ["unknown action", simpleFlow({ action: "reseve", compensation: { connector: "inventory", action: "unreserve" } })],
    ["unknown channel", change(everyKindFlow, (f) => ((nodeOf(f, "approve").escalations as { notify: Fields }[])[0]!.notify.channel = "dingtlak"))],
    ["unknown child flow", change(everyKindFlow, (f) => (nodeOf(f, "pick_lines").flow = "pick_lines"))],
    ["unknown form, several forms", change(everyKindFlow, (f) => (nodeOf(f, "pack").form = "packing"))],
    ["unknown form, one form", flowOf([n.start(), n.task("pick", { form: "packing" }), n.end()], ["start --success--> pick", "pick --done--> done"])],
    ["unknown form, no forms", flowOf([n.start(), n.task("pick"), n.end()], ["start --success--> pick", "pick --done--> done"], { forms: {} })],
    ["missing field", simpleFlow({ connector: undefined })],
    ["unknown field", change(everyKindFlow, (f) => (nodeOf(f, "pack").titel = "Pack it"))],
    ["unknown trigger field", change(simpleFlow, (f) => (f.trigger = { type: "manual", filter: true }))],
    ["wrong type", simpleFlow({ retry: { maxAttempts: "3" } })],
    ["value not in a choice", change(everyKindFlow, (f) => (nodeOf(f, "joined").mode = "some"))],
    ["unknown wait type", change(everyKindFlow, (f) => (nodeOf(f, "payment").until = { type: "timer" }))],
    ["id with a dot", change(simpleFlow, (f) => (nodeOf(f, "reserve").id = "pick.1"))],
    ["bad duration", simpleFlow({ timeout: "30 seconds" })],
    ["unknown kind", change(simpleFlow, (f) => (nodeOf(f, "reserve").kind = "acton"))],
    ["no kind", change(simpleFlow, (f) => delete nodeOf(f, "reserve").kind)],
    ["display text of the wrong form", change(simpleFlow, (f) => (f.name = 5))],
    ["empty audience", change(everyKindFlow, (f) => (nodeOf(f, "pack").assignee = {}))],
    ["form field format", form({ type: "object", properties: { kg: { type: "number", format: "wieght" } } })],
    ["form required field", form({ type: "object", required: ["wieght"], properties: { weight: { type: "number" } } })],
    ["form uiSchema field", form({ type: "object", properties: { weight: { type: "number" } } }, { wieght: { "ui:widget": "weight" } })],
    ["form widget", form({ type: "object", properties: { weight: { type: "number" } } }, { weight: { "ui:widget": "scales" } })],
    ["form keyword", form({ type: "object", properties: { weight: { type: "number", minimun: 0 } } })],
    ["form without schema", change(everyKindFlow, (f) => ((f.forms as Fields).pack = { title: "Pack" }))],
  ];
}
