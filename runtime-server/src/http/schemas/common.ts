/** Schemas shared by every route group: errors, timestamps, ids. */
import { Type, type Static } from "@sinclair/typebox";
import { ID_PATTERN, LocalizedText } from "@orderflow/engine/definition";
import { ROLES } from "../../auth/roles";

export { LocalizedText };

export const Timestamp = Type.String({ format: "date-time", description: "ISO 8601, UTC." });
export const NullableTimestamp = Type.Union([Timestamp, Type.Null()]);
export const FlowId = Type.String({ pattern: ID_PATTERN, description: "A flow's stable id: a letter, then letters, digits, _ or -." });
export const RoleName = Type.Union(ROLES.map((role) => Type.Literal(role)));

/** One thing wrong with a request: where (a JSON pointer into the body, or a parameter's name) and what. */
export const FieldProblem = Type.Object({
  field: Type.String({ description: 'A JSON pointer into the body ("/scans/0/quantity") or a parameter name ("limit").' }),
  message: Type.String(),
});
export type FieldProblem = Static<typeof FieldProblem>;

/** The validator's finding about a flow (see @orderflow/engine/definition). */
export const FlowProblem = Type.Object({
  pointer: Type.String({ description: 'RFC 6901 pointer into the flow document, e.g. "/nodes/3/retry/maxAttempts".' }),
  code: Type.String(),
  message: Type.String(),
  severity: Type.Union([Type.Literal("error"), Type.Literal("warning")]),
});

export const ErrorBody = Type.Object(
  {
    error: Type.Object({
      code: Type.String({ description: 'Stable, for programs: "invalid_request", "unauthorized", "forbidden", "not_found", "conflict", "payload_too_large", "invalid_flow"…' }),
      message: Type.String({ description: "For people: what was wrong and how to fix it." }),
      field: Type.Optional(Type.String({ description: "Where: the first problem's field." })),
      in: Type.Optional(Type.Union([Type.Literal("body"), Type.Literal("query"), Type.Literal("path"), Type.Literal("header")])),
      problems: Type.Optional(Type.Array(Type.Union([FieldProblem, FlowProblem]), { description: "Every problem found, when there can be several." })),
      requestId: Type.Optional(Type.String({ description: "Quote it when reporting a server error." })),
    }),
  },
  { description: "Every error answer has this shape." },
);
export type ErrorBody = Static<typeof ErrorBody>;
