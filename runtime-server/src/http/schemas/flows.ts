/** Flows: drafts as designers edit them, published versions, validation results. */
import { Type } from "@sinclair/typebox";
import { FlowId, FlowProblem, LocalizedText, NullableTimestamp, Timestamp } from "./common";

export const FlowDocument = Type.Object(
  { id: FlowId, name: LocalizedText },
  { additionalProperties: true, description: "A flow document (the format of engine/schema/flow.schema.json). A draft may be unfinished; publishing checks all of it." },
);

export const AnyDocument = Type.Unknown({ description: "Any JSON document; the answer says what is wrong with it as a flow." });

export const FlowSummary = Type.Object({
  id: FlowId,
  name: LocalizedText,
  createdAt: Timestamp,
  updatedAt: Timestamp,
  updatedBy: Type.Union([Type.String(), Type.Null()]),
  latestVersion: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()], { description: "The newest published version; new instances start on it. Null: never published." }),
  publishedAt: NullableTimestamp,
});
export const FlowList = Type.Object({ flows: Type.Array(FlowSummary) });
export const FlowDetail = Type.Composite([FlowSummary, Type.Object({ draft: Type.Unknown({ description: "The draft document as last saved." }) })]);

export const FlowValidation = Type.Object({
  ok: Type.Boolean({ description: "True when no problem is an error; warnings may remain." }),
  problems: Type.Array(FlowProblem),
});

export const FlowSaved = Type.Object({
  flow: FlowSummary,
  problems: Type.Array(FlowProblem, { description: "What publishing would refuse or warn about; saving a draft never refuses." }),
});

export const FlowVersion = Type.Object({
  flowId: FlowId,
  version: Type.Integer({ minimum: 1 }),
  publishedAt: Timestamp,
  publishedBy: Type.Union([Type.String(), Type.Null()]),
});
export const FlowVersionList = Type.Object({ versions: Type.Array(FlowVersion) });
export const FlowVersionDetail = Type.Composite([FlowVersion, Type.Object({ document: Type.Unknown({ description: "The document as published: it never changes." }) })]);
export const Published = Type.Composite([FlowVersion, Type.Object({ warnings: Type.Array(FlowProblem) })]);

export const FlowIdParam = Type.Object({ id: FlowId });
export const FlowVersionParam = Type.Object({ id: FlowId, version: Type.Integer({ minimum: 1 }) });
export const ExportQuery = Type.Object({ version: Type.Optional(Type.Integer({ minimum: 1, description: "A published version; omitted: the draft." })) }, { additionalProperties: false });
export const ImportQuery = Type.Object({ replace: Type.Optional(Type.Boolean({ description: "Replace the draft of an existing flow with the same id; without it, an existing id is a conflict." })) }, { additionalProperties: false });
