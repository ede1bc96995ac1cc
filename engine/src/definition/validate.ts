/**
 * The one check a flow passes before it is saved, published or run: migration,
 * schema, graph, rules, schedules, forms, order statuses and the names it
 * refers to. Every problem is reported at once, each with a pointer, a
 * stable code and a sentence staff can act on.
 */
import { checkGraph } from "./check-graph";
import { checkNodes } from "./check-nodes";
import { checkOrderStatuses } from "./check-order-statuses";
import { checkRegistries, type FlowRegistries } from "./check-registries";
import { checkFlowSchema } from "./check-schema";
import { checkForm } from "./forms";
import { analyseFlow } from "./graph";
import { migrateFlow } from "./migrate";
import type { Flow } from "./schema";
import { isRecord, isWithin, pointerTo, type FlowProblem } from "./problems";

export type { FlowProblem, ProblemSeverity } from "./problems";
export type { FlowRegistries } from "./check-registries";

export interface FlowValidation {
  /** True when no problem is an error (warnings may remain). Only then is `flow` fit to compile. */
  ok: boolean;
  /**
   * The migrated document, whenever its nodes and edges were well formed
   * enough to analyse (other fields may still have problems: check `ok`);
   * undefined otherwise.
   */
  flow: Flow | undefined;
  problems: FlowProblem[];
}

/**
 * Validates a saved flow document.
 *
 * @example
 * const { ok, problems } = validateFlow(JSON.parse(text), { connectors: { inventory: { actions: ["reserve", "release"] } } });
 * if (!ok) for (const p of problems) console.log(p.pointer, p.code, p.message);
 */
export function validateFlow(document: unknown, registries: FlowRegistries = {}): FlowValidation {
  const migrated = migrateFlow(document);
  if (migrated.problems.length > 0 || !isRecord(migrated.document)) return result(undefined, migrated.problems);
  const doc = migrated.document;
  const schema = checkFlowSchema(doc);
  if (!schema.analysable) return result(undefined, schema.problems);

  const flow = doc as Flow;
  const reported = schema.problems.map((found) => found.pointer);
  const skip = (pointer: string) => reported.some((at) => isWithin(at, pointer));
  return result(flow, [
    ...schema.problems,
    ...checkGraph(flow, analyseFlow(flow), skip),
    ...checkNodes(flow, skip),
    ...checkOrderStatuses(flow, skip),
    ...checkRegistries(flow, registries),
    ...checkForms(flow, reported),
  ]);
}

/** Each form not already refused as a whole by the schema check (a missing title does not stop the form's own checks). */
function checkForms(flow: Flow, reported: string[]): FlowProblem[] {
  if (!isRecord(flow.forms)) return [];
  return Object.entries(flow.forms).flatMap(([id, form]) => {
    const at = pointerTo("/forms", id);
    return [at, `${at}/schema`, `${at}/uiSchema`].some((part) => reported.includes(part)) ? [] : checkForm(form, at);
  });
}

function result(flow: Flow | undefined, problems: FlowProblem[]): FlowValidation {
  return { ok: !problems.some((found) => found.severity === "error"), flow, problems };
}
