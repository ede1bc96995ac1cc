/**
 * Flows are saved with the format version they were written in and brought up
 * to date when loaded, one version at a time, by pure functions on plain JSON.
 */
import { CURRENT_SCHEMA_VERSION } from "./schema";
import { describeValue } from "./schema-errors";
import { isRecord, problem, type FlowProblem } from "./problems";

/**
 * One step of the format's history. Like a database migration it is frozen
 * once released: it reads and writes plain JSON, never today's types.
 */
export interface FlowMigration {
  from: number;
  to: number;
  migrate(doc: Record<string, unknown>): Record<string, unknown>;
}

/** Every released step, oldest first. Version 1 is the first format, so there is none yet. */
export const FLOW_MIGRATIONS: readonly FlowMigration[] = [];

export interface FlowMigrationResult {
  /** The document in the current format; the input itself when it already was (never a mutated input). */
  document: unknown;
  /** The version the document was saved in; 0 when it has no usable version. */
  from: number;
  problems: FlowProblem[];
}

/**
 * Brings a saved flow up to `current` (the version this code reads).
 *
 * @example migrateFlow({ schemaVersion: 1, id: "orders", … }) // → { document: <same object>, from: 1, problems: [] }
 */
export function migrateFlow(doc: unknown, migrations: readonly FlowMigration[] = FLOW_MIGRATIONS, current = CURRENT_SCHEMA_VERSION): FlowMigrationResult {
  const refuse = (from: number, message: string, pointer = "/schemaVersion"): FlowMigrationResult => ({
    document: doc,
    from,
    problems: [problem(pointer, "version", message)],
  });
  if (!isRecord(doc)) {
    return { document: doc, from: 0, problems: [problem("", "schema", `A flow must be a JSON object ({ … }) with schemaVersion, id, nodes and edges, not ${describeValue(doc)}.`)] };
  }
  const version = doc.schemaVersion;
  if (version === undefined) {
    return refuse(0, `The flow has no "schemaVersion": add "schemaVersion": ${current} if it was written for this version of orderflow.`);
  }
  if (typeof version !== "number" || !Number.isInteger(version) || version < 1) {
    return refuse(0, `"schemaVersion" must be a whole number such as ${current}, not ${describeValue(version)}.`);
  }
  if (version > current) {
    return refuse(version, `This flow was saved by a newer orderflow (format version ${version}; this one reads up to version ${current}): upgrade orderflow to open it.`);
  }
  let document = doc;
  let at = version;
  while (at < current) {
    const step = migrations.find((migration) => migration.from === at);
    if (!step || step.to <= at || step.to > current) {
      return refuse(version, `This orderflow cannot update a flow from format version ${at} (no migration from version ${at} towards ${current}): open it with the orderflow release that saved it and save it again.`);
    }
    try {
      // Each step gets its own copy, so a migration may change its argument and the caller's document stays as it was.
      document = { ...step.migrate(structuredClone(document)), schemaVersion: step.to };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return refuse(version, `Updating the flow from format version ${step.from} to ${step.to} failed: ${reason}.`);
    }
    at = step.to;
  }
  return { document, from: version, problems: [] };
}
