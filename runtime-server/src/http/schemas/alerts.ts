/** Alerts raised by flows, until their condition stops holding. */
import { Type } from "@sinclair/typebox";
import { LocalizedText, NullableTimestamp, Timestamp } from "./common";

export const Alert = Type.Object({
  id: Type.Integer(),
  alert: Type.String({ description: "The alert rule's id in the flow." }),
  instanceId: Type.Union([Type.String(), Type.Null()]),
  node: Type.Union([Type.String(), Type.Null()]),
  severity: Type.Union([Type.Literal("info"), Type.Literal("warning"), Type.Literal("critical")]),
  message: LocalizedText,
  status: Type.Union([Type.Literal("raised"), Type.Literal("acknowledged"), Type.Literal("cleared")]),
  raisedAt: Timestamp,
  acknowledgedBy: Type.Union([Type.String(), Type.Null()]),
  acknowledgedAt: NullableTimestamp,
});
export const AlertList = Type.Object({ alerts: Type.Array(Alert) });

export const AlertListQuery = Type.Object(
  {
    status: Type.Optional(Type.Union([Type.Literal("raised"), Type.Literal("acknowledged")], { description: "Omitted: both (every alert not cleared)." })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
  },
  { additionalProperties: false },
);
export const AlertIdParam = Type.Object({ id: Type.Integer({ minimum: 1 }) });
