/**
 * The schema part of validation: the flow's envelope first, then each node
 * against the schema of its own kind, so a mistake in a task is reported as a
 * task's mistake rather than as "matches none of nine node kinds".
 */
import { Type } from "@sinclair/typebox";
import type { ValidateFunction } from "ajv";
import { createAjv } from "./ajv";
import { describeValue, explainSchemaErrors } from "./schema-errors";
import { Flow, NODE_KINDS, NODE_SCHEMAS, type NodeKind } from "./schema";
import { capitalise, isRecord, listOf, locateInFlow, nodeLabel, problem, sentences, suggestion, type FlowProblem } from "./problems";

/** The flow with its nodes left open: they are checked one by one against their kind. */
const FlowEnvelope = Type.Object(
  { ...Flow.properties, nodes: Type.Array(Type.Unknown(), { minItems: 1 }) },
  { additionalProperties: false },
);

interface Validators {
  envelope: ValidateFunction;
  nodes: Record<NodeKind, ValidateFunction>;
}

let validators: Validators | undefined;

function compiled(): Validators {
  if (!validators) {
    const ajv = createAjv();
    const nodes = Object.fromEntries(NODE_KINDS.map((kind) => [kind, ajv.compile(NODE_SCHEMAS[kind])])) as Record<NodeKind, ValidateFunction>;
    validators = { envelope: ajv.compile(FlowEnvelope), nodes };
  }
  return validators;
}

export interface SchemaCheck {
  problems: FlowProblem[];
  /** Whether nodes and edges are well enough formed to analyse the graph (other fields may still be wrong). */
  analysable: boolean;
}

/** Schema problems of a (migrated) flow document. */
export function checkFlowSchema(document: Record<string, unknown>): SchemaCheck {
  const { envelope, nodes } = compiled();
  const locate = (pointer: string) => locateInFlow(document, pointer);
  const problems = envelope(document) ? [] : explainSchemaErrors(envelope.errors ?? [], "", locate);
  const items = Array.isArray(document.nodes) ? document.nodes : [];
  items.forEach((node, index) => {
    const at = `/nodes/${index}`;
    if (!isRecord(node)) {
      problems.push(problem(at, "schema", `Node #${index + 1} must be a group of fields with at least "id" and "kind", not ${describeValue(node)}.`));
      return;
    }
    if (typeof node.kind !== "string" || !Object.hasOwn(NODE_SCHEMAS, node.kind)) {
      const kinds = `The kinds are ${listOf(NODE_KINDS, "and")}`;
      const message =
        node.kind === undefined
          ? sentences(`${capitalise(nodeLabel(node, index))} has no "kind": set it to what the step does`, kinds)
          : sentences(
              `${capitalise(nodeLabel({ id: node.id }, index))} has the kind ${JSON.stringify(node.kind)}, which does not exist`,
              typeof node.kind === "string" ? suggestion(node.kind, NODE_KINDS) : "",
              kinds,
            );
      problems.push(problem(`${at}/kind`, "unknown_kind", message));
      return;
    }
    const validate = nodes[node.kind as NodeKind];
    if (!validate(node)) problems.push(...explainSchemaErrors(validate.errors ?? [], at, locate));
  });
  return { problems, analysable: hasGraphShape(document) };
}

/** The fields graph analysis and `nodeOutcomes` read, in the shape they need. */
function hasGraphShape(document: Record<string, unknown>): boolean {
  const { nodes, edges } = document;
  return (
    Array.isArray(nodes) &&
    Array.isArray(edges) &&
    nodes.every(nodeHasGraphShape) &&
    edges.every((edge) => isRecord(edge) && ["id", "from", "outcome", "to"].every((key) => typeof edge[key] === "string"))
  );
}

function nodeHasGraphShape(node: unknown): boolean {
  if (!isRecord(node) || typeof node.id !== "string" || typeof node.kind !== "string" || !Object.hasOwn(NODE_SCHEMAS, node.kind)) return false;
  const outcomesOf = (list: unknown) => list === undefined || (Array.isArray(list) && list.every((item) => isRecord(item) && typeof item.outcome === "string"));
  switch (node.kind as NodeKind) {
    case "decision":
      return typeof node.default === "string" && outcomesOf(node.conditions) && (node.table === undefined || (isRecord(node.table) && Array.isArray(node.table.rows) && outcomesOf(node.table.rows)));
    case "task":
      return (node.default === undefined || typeof node.default === "string") && outcomesOf(node.outcomes);
    case "wait":
      return isRecord(node.until) && typeof node.until.type === "string";
    case "parallel":
      return Array.isArray(node.branches) && node.branches.every((branch) => typeof branch === "string");
    case "join":
      return typeof node.split === "string";
    default:
      return true;
  }
}
