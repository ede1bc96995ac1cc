/** Instances: starting them, sending them events, reading them with their timeline. */
import { Type } from "@sinclair/typebox";
import { FlowId, LocalizedText, NullableTimestamp, Timestamp } from "./common";

const Status = Type.Union([Type.Literal("running"), Type.Literal("completed"), Type.Literal("cancelled"), Type.Literal("failed")]);
const NodeId = Type.String({ minLength: 1, maxLength: 64 });

export const StartBody = Type.Object(
  {
    flowId: FlowId,
    version: Type.Optional(Type.Integer({ minimum: 1, description: "A published version; omitted: the newest." })),
    input: Type.Unknown({ description: "The data the instance starts with (an order…); checked against the flow's inputSchema when it has one." }),
  },
  { additionalProperties: false },
);

export const InstanceState = Type.Object({
  id: Type.String(),
  flowId: FlowId,
  flowVersion: Type.Integer(),
  status: Status,
  waitingAt: Type.Array(Type.String(), { description: "Nodes where the instance waits (tasks, timers, messages, connector results)." }),
  exceptions: Type.Array(Type.String(), { description: "Nodes stopped in the exceptions list, waiting for retry, skip or cancel." }),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  finishedAt: NullableTimestamp,
});
export const InstanceList = Type.Object({ instances: Type.Array(InstanceState) });

export const TimelineEntry = Type.Object({
  seq: Type.Integer({ minimum: 1 }),
  at: Timestamp,
  kind: Type.Union([Type.Literal("event"), Type.Literal("effect"), Type.Literal("trace")], { description: "event: what came in; trace: what the flow did; effect: what it ordered done." }),
  type: Type.String(),
  node: Type.Union([Type.String(), Type.Null()]),
  nodeName: Type.Union([LocalizedText, Type.Null()]),
  actor: Type.Union([Type.String(), Type.Null()], { description: "Who caused it, for events people sent." }),
  text: Type.String({ description: "One line for people." }),
  data: Type.Record(Type.String(), Type.Unknown()),
});

export const InstanceDetail = Type.Composite([
  InstanceState,
  Type.Object({
    input: Type.Unknown(),
    parentId: Type.Union([Type.String(), Type.Null()]),
    orderId: Type.Union([Type.String(), Type.Null()]),
    timeline: Type.Array(TimelineEntry),
  }),
]);

export const InstanceEventBody = Type.Union(
  [
    Type.Object(
      { type: Type.Literal("message"), event: Type.String({ minLength: 1 }), correlation: Type.Optional(Type.Unknown()), payload: Type.Optional(Type.Unknown()) },
      { additionalProperties: false, description: "A named event the instance may be waiting for (a wait node)." },
    ),
    Type.Object({ type: Type.Literal("exception.retry"), node: NodeId }, { additionalProperties: false, description: "Try a failed node again." }),
    Type.Object({ type: Type.Literal("exception.skip"), node: NodeId, output: Type.Optional(Type.Unknown()) }, { additionalProperties: false, description: "Go on past a failed node as if it succeeded, with this output." }),
  ],
  { description: "An event for one instance." },
);

export const CancelBody = Type.Object({ reason: Type.String({ minLength: 1, maxLength: 1000, description: "Why: it goes to the timeline." }) }, { additionalProperties: false });

export const MessageBody = Type.Object(
  { event: Type.String({ minLength: 1 }), correlation: Type.Optional(Type.Unknown({ description: "e.g. a tracking number; instances waiting for this event with this value (or with none) take it." })), payload: Type.Optional(Type.Unknown()) },
  { additionalProperties: false },
);
export const MessageDelivered = Type.Object({ deliveredTo: Type.Array(Type.String(), { description: "The instances that took the message." }) });

export const InstanceIdParam = Type.Object({ id: Type.String({ minLength: 1 }) });
export const InstanceListQuery = Type.Object(
  {
    status: Type.Optional(Status),
    flowId: Type.Optional(FlowId),
    withExceptions: Type.Optional(Type.Boolean({ description: "Only instances with nodes in the exceptions list." })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  },
  { additionalProperties: false },
);
