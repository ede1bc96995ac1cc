/** The exceptions list: work that stopped and waits for a person to retry, skip or cancel it. */
import { Type } from "@sinclair/typebox";
import { FlowId, LocalizedText, Timestamp } from "./common";
import { InstanceState } from "./instances";

const Text = Type.Union([Type.String(), Type.Null()]);

export const ExceptionEntry = Type.Object({
  id: Type.String({ description: '"step-<n>": a node of an instance failed and the flow has no error edge for it; "outbox-<n>": an effect (an undo, a notification, a delivery) failed every attempt.' }),
  kind: Type.Union([Type.Literal("step"), Type.Literal("outbox")]),
  instanceId: Text,
  flowId: Type.Union([FlowId, Type.Null()]),
  node: Text,
  nodeName: Type.Union([LocalizedText, Type.Null()]),
  effect: Text,
  error: Type.Object({ code: Text, message: Type.String() }),
  attempts: Type.Union([Type.Integer(), Type.Null()], { description: "Calls made before giving up; null when the failure was not a call (a rule that could not be evaluated…)." }),
  orderId: Text,
  platformOrderNo: Text,
  since: Timestamp,
});
export const ExceptionList = Type.Object({ exceptions: Type.Array(ExceptionEntry, { description: "Newest first." }) });

export const ExceptionListQuery = Type.Object(
  {
    kind: Type.Optional(Type.Union([Type.Literal("step"), Type.Literal("outbox")])),
    flowId: Type.Optional(FlowId),
    orderId: Type.Optional(Type.String({ minLength: 1, description: "The global order id." })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
  },
  { additionalProperties: false },
);
export const ExceptionIdParam = Type.Object({ id: Type.String({ pattern: "^(step|outbox)-[1-9][0-9]{0,17}$", description: 'An entry\'s id, e.g. "step-42".' }) });

export const SkipBody = Type.Object(
  { output: Type.Optional(Type.Record(Type.String(), Type.Unknown(), { description: "For a step: what the node should have produced, for the nodes after it. Default {}." })) },
  { additionalProperties: false },
);
export const ExceptionCancelBody = Type.Object({ reason: Type.String({ minLength: 1, maxLength: 1000, description: "Why: it goes to the instance's timeline." }) }, { additionalProperties: false });

export const ExceptionHandled = Type.Object({
  id: Type.String(),
  instance: Type.Union([InstanceState, Type.Null()], { description: "The instance after the change; null for an effect without one." }),
});
