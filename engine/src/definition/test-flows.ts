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
