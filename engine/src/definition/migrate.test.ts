import { describe, expect, it } from "vitest";
import { migrateFlow, type FlowMigration } from "./migrate";
import { CURRENT_SCHEMA_VERSION } from "./schema";
import { validateFlow } from "./validate";
import { simpleFlow } from "./test-flows";

// A made-up history for the tests: v1 → v2 renames `steps` to `nodes`, v2 → v3 adds `edges`.
const HISTORY: FlowMigration[] = [
  {
    from: 2,
    to: 3,
    migrate: (doc) => ({ ...doc, edges: doc.edges ?? [] }),
  },
  {
    from: 1,
    to: 2,
    migrate: (doc) => {
      doc.nodes = doc.steps;
      delete doc.steps;
      return doc;
    },
  },
];

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

describe("migrateFlow", () => {
  it("applies each step of the chain in order, without touching the input", () => {
    const saved = deepFreeze({ schemaVersion: 1, id: "old", steps: [{ id: "start", kind: "start" }] });
    const { document, from, problems } = migrateFlow(saved, HISTORY, 3);
    expect(problems).toEqual([]);
    expect(from).toBe(1);
    expect(document).toEqual({ schemaVersion: 3, id: "old", nodes: [{ id: "start", kind: "start" }], edges: [] });
    expect(saved).toEqual({ schemaVersion: 1, id: "old", steps: [{ id: "start", kind: "start" }] });
  });

  it("starts from the saved version", () => {
    const { document } = migrateFlow({ schemaVersion: 2, nodes: [] }, HISTORY, 3);
    expect(document).toEqual({ schemaVersion: 3, nodes: [], edges: [] });
  });

  it("returns a current document itself", () => {
    const doc = simpleFlow();
    expect(migrateFlow(doc)).toEqual({ document: doc, from: CURRENT_SCHEMA_VERSION, problems: [] });
    expect(migrateFlow(doc).document).toBe(doc);
  });

  it("refuses a flow saved by a newer orderflow", () => {
    const { problems } = migrateFlow({ schemaVersion: 4 }, HISTORY, 3);
    expect(problems).toEqual([
      {
        pointer: "/schemaVersion",
        code: "version",
        severity: "error",
        message: "This flow was saved by a newer orderflow (format version 4; this one reads up to version 3): upgrade orderflow to open it.",
      },
    ]);
  });

  it("refuses a missing or non-integer version", () => {
    expect(migrateFlow({ id: "x" }).problems[0]?.message).toBe(`The flow has no "schemaVersion": add "schemaVersion": ${CURRENT_SCHEMA_VERSION} if it was written for this version of orderflow.`);
    expect(migrateFlow({ schemaVersion: 1.5 }).problems[0]?.message).toBe(`"schemaVersion" must be a whole number such as ${CURRENT_SCHEMA_VERSION}, not the number 1.5.`);
    expect(migrateFlow({ schemaVersion: "1" }).problems[0]?.code).toBe("version");
  });

  it("refuses a version the chain cannot reach", () => {
    const { problems, document } = migrateFlow({ schemaVersion: 1 }, HISTORY.filter((step) => step.from !== 2), 3);
    expect(problems[0]?.message).toContain("cannot update a flow from format version 2 (no migration from version 2 towards 3)");
    expect(document).toEqual({ schemaVersion: 1 });
  });

  it("reports a step that fails", () => {
    const broken: FlowMigration = { from: 1, to: 2, migrate: () => { throw new Error("steps is not a list"); } };
    expect(migrateFlow({ schemaVersion: 1 }, [broken], 2).problems[0]?.message).toBe("Updating the flow from format version 1 to 2 failed: steps is not a list.");
  });

  it("gives validateFlow a version error, and no flow", () => {
    const result = validateFlow({ ...simpleFlow(), schemaVersion: 2 });
    expect(result).toMatchObject({ ok: false, flow: undefined });
    expect(result.problems.map((p) => p.code)).toEqual(["version"]);
    expect(result.problems[0]?.message).toContain("saved by a newer orderflow");
  });
});
