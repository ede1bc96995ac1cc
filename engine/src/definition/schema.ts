/**
 * The flow document: the one definition from which both the JSON Schema
 * (emitted to `engine/schema/flow.schema.json` for Monaco, the server and
 * templates) and the TypeScript types are derived.
 *
 * A flow is what an operations person draws: nodes joined by edges, each edge
 * leaving a node through a named outcome (`success`, `error`, `timeout`, or a
 * decision's or task's own outcome names). Ids are stable and never display
 * names; display names are bilingual.
 */
import { Type, type Static } from "@sinclair/typebox";

/** The version of the format this code reads and writes. Older documents are migrated on load. */
export const CURRENT_SCHEMA_VERSION = 1;

/** Letters, digits, `_` and `-`, starting with a letter: safe as an XState state id and in URLs. */
export const ID_PATTERN = "^[A-Za-z][A-Za-z0-9_-]{0,63}$";

const Id = (description: string) => Type.String({ pattern: ID_PATTERN, description });

/** A display text: one string, or one per language. */
export const LocalizedText = Type.Union(
  [
    Type.String({ minLength: 1 }),
    Type.Object(
      { zh: Type.Optional(Type.String()), en: Type.Optional(Type.String()) },
      { additionalProperties: false, minProperties: 1 },
    ),
  ],
  { description: 'A text shown to people: "打包" or { "zh": "打包", "en": "Pack" }.' },
);
export type LocalizedText = Static<typeof LocalizedText>;

/** ISO-8601 duration in weeks, days, hours, minutes, seconds (months and years vary in length, so they are not allowed). */
export const DURATION_PATTERN = "^P(?!$)(\\d+W)?(\\d+D)?(T(?=\\d)(\\d+H)?(\\d+M)?(\\d+(\\.\\d+)?S)?)?$";
const DURATION_HELP = 'An ISO-8601 duration such as "PT30M" (30 minutes), "PT2H", "P1D" or "P1DT12H".';
const Duration = (description = DURATION_HELP, defaultValue?: string) =>
  Type.String({ pattern: DURATION_PATTERN, description, ...(defaultValue ? { default: defaultValue } : {}) });

/** A JsonLogic rule or expression, in the format json-logic-js defines, plus orderflow's operators. */
export const Logic = Type.Unknown({
  description: 'A JsonLogic expression, e.g. {">": [{"var": "input.total"}, 1000]}. Plain values stand for themselves.',
});

/**
 * Values computed for a connector action, a form or a child flow: each value is
 * a JsonLogic expression over the instance data, a literal, or a nested
 * mapping (an object or list of such values). How values are told apart: definition/mapping.ts.
 */
export const MAPPING_KEY_PATTERN = "^[A-Za-z_][A-Za-z0-9_]*$";
const MappingValue = Type.Unknown({
  description:
    'A JsonLogic expression (an object with one key that is an operator, e.g. {"var": "input.buyer.name"}); a nested mapping, to build an object (any other object, e.g. {"name": {"var": "input.buyer.name"}, "phone": {"var": "input.buyer.phone"}}, or {"$object": {…}} for an object with one field named like an operator); a list of such values; or a plain value, which stands for itself.',
});
// additionalProperties: a pattern-keyed record alone lets keys that miss the pattern through.
export const Mapping = Type.Record(Type.String({ pattern: MAPPING_KEY_PATTERN }), MappingValue, {
  additionalProperties: false,
  description: 'Field name → value: a JsonLogic expression, a nested mapping or a plain value, e.g. { "sku": {"var": "input.lines.0.sku"}, "recipient": { "name": {"var": "input.buyer.name"} } }.',
});

const Severity = Type.Union([Type.Literal("info"), Type.Literal("warning"), Type.Literal("critical")], {
  description: "How loud an alert is: info, warning or critical (critical shows the order in red).",
});

/** Who a task goes to, or who is told about something. Any combination narrows the audience. */
export const Audience = Type.Object(
  {
    role: Type.Optional(Type.String({ minLength: 1, description: 'A role such as "picker", "packer", "supervisor".' })),
    user: Type.Optional(Logic),
    warehouse: Type.Optional(Logic),
  },
  { additionalProperties: false, minProperties: 1, description: "At least one of role, user (a user id expression) or warehouse (a warehouse code expression)." },
);

export const Notification = Type.Object(
  {
    to: Audience,
    channel: Type.Optional(Type.String({ minLength: 1, description: 'A notification connector id such as "dingtalk", "wecom", "email"; the default channel when absent.' })),
    message: LocalizedText,
  },
  { additionalProperties: false },
);

const RetryPolicy = Type.Object(
  {
    maxAttempts: Type.Integer({ minimum: 1, maximum: 50, default: 3, description: "Attempts in all, the first included." }),
    initialDelay: Type.Optional(Duration("Wait before the second attempt.", "PT1S")),
    backoffFactor: Type.Optional(Type.Number({ minimum: 1, maximum: 10, default: 2, description: "Each wait is this many times the previous one." })),
    maxDelay: Type.Optional(Duration("No wait is longer than this.", "PT5M")),
  },
  { additionalProperties: false },
);
export type RetryPolicy = Static<typeof RetryPolicy>;

const ConnectorCall = {
  connector: Id("The connector's id, e.g. inventory, sf_express, taobao."),
  action: Id("The action's id within the connector, e.g. reserve, create_waybill."),
  input: Type.Optional(Mapping),
};

const nodeBase = {
  id: Id("Stable id, unique in the flow; edges refer to it. Never shown to staff."),
  name: Type.Optional(LocalizedText),
  description: Type.Optional(LocalizedText),
  orderStatus: Type.Optional(
    Id('The status the order takes when an instance enters this node: the code of one of the flow\'s orderStatuses (e.g. "picking"), or a built-in one (new, completed, cancelled, failed).'),
  ),
};

export const StartNode = Type.Object({ ...nodeBase, kind: Type.Literal("start") }, { additionalProperties: false, description: "Where every instance begins. Outcome: success." });

export const ActionNode = Type.Object(
  {
    ...nodeBase,
    kind: Type.Literal("action"),
    ...ConnectorCall,
    retry: Type.Optional(RetryPolicy),
    timeout: Type.Optional(Duration("How long one attempt may take (default PT30S).")),
    compensation: Type.Optional(
      Type.Object(ConnectorCall, {
        additionalProperties: false,
        description: "The call that undoes this one (e.g. release stock) when the flow later ends as failed or cancelled.",
      }),
    ),
  },
  { additionalProperties: false, description: "Calls a connector action. Outcomes: success, error." },
);

const Condition = Type.Object(
  { outcome: Id("The outcome taken when the condition holds."), when: Logic, label: Type.Optional(LocalizedText) },
  { additionalProperties: false },
);

const TableRow = Type.Object(
  {
    when: Logic,
    outcome: Id("The outcome this row chooses."),
    priority: Type.Optional(Type.Number({ description: "With hit policy priority, the matching row with the highest number wins." })),
    output: Type.Optional(Mapping),
    label: Type.Optional(LocalizedText),
  },
  { additionalProperties: false },
);

export const DecisionNode = Type.Object(
  {
    ...nodeBase,
    kind: Type.Literal("decision"),
    conditions: Type.Optional(Type.Array(Condition, { description: "Checked in order; the first that holds chooses the outcome." })),
    table: Type.Optional(
      Type.Object(
        {
          hitPolicy: Type.Union([Type.Literal("first"), Type.Literal("collect"), Type.Literal("priority")], {
            description: "first: the first matching row decides; collect: every matching row's output is kept and the first decides; priority: the highest priority decides.",
          }),
          inputs: Type.Optional(Mapping),
          rows: Type.Array(TableRow, { minItems: 1 }),
        },
        { additionalProperties: false, description: "A decision table; rows may refer to the computed inputs as {\"var\": \"in.<name>\"}." },
      ),
    ),
    default: Id("The outcome taken when nothing matches."),
  },
  { additionalProperties: false, description: "Chooses one named outcome by rules. Give either conditions or table." },
);

const Escalation = Type.Object(
  {
    after: Duration("Measured from when the task opened."),
    alert: Type.Optional(Type.Object({ severity: Severity, message: LocalizedText }, { additionalProperties: false })),
    notify: Type.Optional(Notification),
    reassign: Type.Optional(Audience),
  },
  { additionalProperties: false },
);

export const TaskNode = Type.Object(
  {
    ...nodeBase,
    kind: Type.Literal("task"),
    form: Id("The id of a form in this flow's forms."),
    title: Type.Optional(LocalizedText),
    assignee: Audience,
    prefill: Type.Optional(Mapping),
    due: Type.Optional(Duration("The task is overdue after this long.")),
    priority: Type.Optional(Type.Union([Type.Literal("low"), Type.Literal("normal"), Type.Literal("high"), Type.Literal("urgent")])),
    escalations: Type.Optional(Type.Array(Escalation, { description: "What happens when the task is still open after a while." })),
    outcomes: Type.Optional(
      Type.Array(Condition, { description: "Checked in order against the submitted form ({\"var\": \"form.<field>\"})." }),
    ),
    default: Type.Optional(Id("The outcome when no outcome condition holds (default: done).")),
  },
  { additionalProperties: false, description: "A human step done on a phone or PC through a form." },
);

const WaitUntil = Type.Union([
  Type.Object({ type: Type.Literal("duration"), duration: Duration() }, { additionalProperties: false }),
  Type.Object({ type: Type.Literal("time"), at: Logic }, { additionalProperties: false, description: "An expression giving an ISO time or epoch milliseconds." }),
  Type.Object(
    {
      type: Type.Literal("schedule"),
      cron: Type.String({ minLength: 9, description: 'Five-field cron, e.g. "0 20 * * *" for 20:00 every day.' }),
      timeZone: Type.String({ minLength: 1, description: 'IANA time zone, e.g. "Asia/Shanghai".' }),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      type: Type.Literal("event"),
      event: Type.String({ minLength: 1, description: 'The event name, e.g. "payment.confirmed".' }),
      correlation: Type.Optional(Logic),
      timeout: Type.Optional(Duration()),
    },
    { additionalProperties: false, description: "Waits for a named event whose key equals the correlation value. Outcomes: success, and timeout when a timeout is set." },
  ),
]);

export const WaitNode = Type.Object({ ...nodeBase, kind: Type.Literal("wait"), until: WaitUntil }, { additionalProperties: false, description: "Waits for a time or an event." });

export const ParallelNode = Type.Object(
  {
    ...nodeBase,
    kind: Type.Literal("parallel"),
    branches: Type.Array(Id("A branch name; the branch's first edge leaves through this outcome."), { minItems: 2, uniqueItems: true }),
  },
  { additionalProperties: false, description: "Starts several branches at once; they meet again at a join node." },
);

export const JoinNode = Type.Object(
  {
    ...nodeBase,
    kind: Type.Literal("join"),
    split: Id("The id of the parallel node whose branches meet here."),
    mode: Type.Union([Type.Literal("all"), Type.Literal("any"), Type.Literal("n")], { description: "Go on when all, any one, or n branches have arrived." }),
    n: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  { additionalProperties: false, description: "Where parallel branches meet. Branches still running when it goes on are stopped. Outcome: success." },
);

export const ForEachNode = Type.Object(
  {
    ...nodeBase,
    kind: Type.Literal("for_each"),
    items: Logic,
    flow: Id("The id of the flow run once per item."),
    input: Type.Optional(Mapping),
  },
  { additionalProperties: false, description: 'Runs a child flow for every item of a list (the item is {"var": "item"}, its position {"var": "index"}). Outcomes: success when all complete, error otherwise.' },
);

export const EndNode = Type.Object(
  {
    ...nodeBase,
    kind: Type.Literal("end"),
    status: Type.Union([Type.Literal("completed"), Type.Literal("cancelled"), Type.Literal("failed")]),
    output: Type.Optional(Mapping),
  },
  { additionalProperties: false, description: "Finishes the instance. Ending as failed or cancelled undoes completed actions that have a compensation." },
);

export const NODE_SCHEMAS = {
  start: StartNode,
  action: ActionNode,
  decision: DecisionNode,
  task: TaskNode,
  wait: WaitNode,
  parallel: ParallelNode,
  join: JoinNode,
  for_each: ForEachNode,
  end: EndNode,
} as const;
export type NodeKind = keyof typeof NODE_SCHEMAS;
export const NODE_KINDS = Object.keys(NODE_SCHEMAS) as NodeKind[];

export const FlowNode = Type.Union([StartNode, ActionNode, DecisionNode, TaskNode, WaitNode, ParallelNode, JoinNode, ForEachNode, EndNode], {
  description: "One step of the flow; its kind decides the other fields.",
});

export type StartNode = Static<typeof StartNode>;
export type ActionNode = Static<typeof ActionNode>;
export type DecisionNode = Static<typeof DecisionNode>;
export type TaskNode = Static<typeof TaskNode>;
export type WaitNode = Static<typeof WaitNode>;
export type ParallelNode = Static<typeof ParallelNode>;
export type JoinNode = Static<typeof JoinNode>;
export type ForEachNode = Static<typeof ForEachNode>;
export type EndNode = Static<typeof EndNode>;
export type FlowNode = Static<typeof FlowNode>;
export type NodeOfKind<K extends NodeKind> = Extract<FlowNode, { kind: K }>;

export const Edge = Type.Object(
  {
    id: Id("Stable id of the edge."),
    from: Id("The node the edge leaves."),
    outcome: Type.String({ minLength: 1, description: "The outcome of `from` this edge follows: success, error, timeout, or a decision/task outcome or branch name." }),
    to: Id("The node the edge enters."),
  },
  { additionalProperties: false },
);
export type Edge = Static<typeof Edge>;

export const Trigger = Type.Union(
  [
    Type.Object({ type: Type.Literal("manual") }, { additionalProperties: false, description: "Started by a person or the API." }),
    Type.Object(
      {
        type: Type.Literal("order"),
        channels: Type.Optional(Type.Array(Type.String({ minLength: 1 }), { description: "Only orders from these channels; all when absent." })),
        filter: Type.Optional(Logic),
      },
      { additionalProperties: false, description: "Started for every new order the sales connectors receive." },
    ),
    Type.Object({ type: Type.Literal("event"), event: Type.String({ minLength: 1 }), filter: Type.Optional(Logic) }, { additionalProperties: false }),
    Type.Object({ type: Type.Literal("schedule"), cron: Type.String({ minLength: 9 }), timeZone: Type.String({ minLength: 1 }) }, { additionalProperties: false }),
  ],
  { description: "What starts an instance of the flow." },
);
export type Trigger = Static<typeof Trigger>;

/** A form staff fill in: JSON Schema for the data, uiSchema for how it looks. */
export const FormDefinition = Type.Object(
  {
    title: LocalizedText,
    schema: Type.Record(Type.String(), Type.Unknown(), {
      description: 'A JSON Schema of type object. Field formats "photo", "barcode" and "weight" render as camera, scanner and scale inputs.',
    }),
    uiSchema: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  },
  { additionalProperties: false },
);
export type FormDefinition = Static<typeof FormDefinition>;

export const AlertRule = Type.Object(
  {
    id: Id("Stable id of the alert rule."),
    name: LocalizedText,
    when: Logic,
    severity: Severity,
    notify: Type.Optional(Notification),
    checkEvery: Type.Optional(
      Duration("Check again this often while the instance runs, for conditions that become true with time alone."),
    ),
  },
  { additionalProperties: false, description: "Raised once when its condition starts to hold, cleared when it stops." },
);
export type AlertRule = Static<typeof AlertRule>;

/**
 * A status an order can have, as the order list shows it. The flow declares
 * each once; nodes name it by code in `orderStatus`.
 */
export const OrderStatus = Type.Object(
  {
    code: Id('Stable code stored on the order and used in searches, e.g. "picking".'),
    name: LocalizedText,
    description: Type.Optional(LocalizedText),
  },
  { additionalProperties: false, description: 'An order status, e.g. { "code": "picking", "name": { "zh": "待拣货", "en": "Picking" } }.' },
);
export type OrderStatus = Static<typeof OrderStatus>;

/**
 * Statuses every order can have without a flow declaring them: `new` (given at
 * intake) and one per way an instance finishes, which the order takes when
 * its flow ends at an end node without an orderStatus. A flow may declare one
 * of these codes to show it under a name of its own.
 */
export const BUILT_IN_ORDER_STATUSES: readonly OrderStatus[] = [
  { code: "new", name: { zh: "新订单", en: "New" } },
  { code: "completed", name: { zh: "已完成", en: "Completed" } },
  { code: "cancelled", name: { zh: "已取消", en: "Cancelled" } },
  { code: "failed", name: { zh: "失败", en: "Failed" } },
];

export const Flow = Type.Object(
  {
    $schema: Type.Optional(Type.String()),
    schemaVersion: Type.Literal(CURRENT_SCHEMA_VERSION, { description: "The format version; older versions are migrated on load." }),
    id: Id("Stable id of the flow."),
    name: LocalizedText,
    description: Type.Optional(LocalizedText),
    trigger: Trigger,
    inputSchema: Type.Optional(Type.Record(Type.String(), Type.Unknown(), { description: "JSON Schema of the data an instance starts with." })),
    nodes: Type.Array(FlowNode, { minItems: 1 }),
    edges: Type.Array(Edge),
    forms: Type.Optional(Type.Record(Type.String({ pattern: ID_PATTERN }), FormDefinition, { additionalProperties: false })),
    alerts: Type.Optional(Type.Array(AlertRule)),
    orderStatuses: Type.Optional(
      Type.Array(OrderStatus, { description: "The statuses this flow gives its orders, each with a name staff read; nodes refer to them by code in orderStatus." }),
    ),
    ui: Type.Optional(Type.Unknown({ description: "Layout kept by the designer; the engine ignores it." })),
  },
  { additionalProperties: false, $id: "https://orderflow.dev/schema/flow.schema.json", title: "orderflow flow" },
);
export type Flow = Static<typeof Flow>;
