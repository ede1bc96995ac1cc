/**
 * Reading the conformance corpus and turning a run into the shape of an
 * `expected.json`, shared by the test and by `record.ts` so that both see a
 * case the same way. The format is described in `README.md` next to this file.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { runScenario, type InstanceEvent, type Scenario, type SimulationReport } from "@orderflow/engine";
import { validateFlow, type FlowProblem } from "@orderflow/engine/definition";

export const CASES_DIR = join(import.meta.dirname, "cases");
export const README = join(import.meta.dirname, "README.md");

/** What a valid flow must do when its events are played. Optional lists mean "none" when left out. */
export interface ExpectedRun {
  status: SimulationReport["status"];
  path: string[];
  effects: string[];
  waitingAt: string[];
  exceptions: string[];
  decisions?: { node: string; outcome: string }[];
  /** One entry per refused step, in order; each is a part of the refusal's text. */
  refused?: string[];
  /** Events the main instance was given but did not accept (nothing was waiting for them). */
  ignored?: string[];
  /** Child instances (for_each), in the order they started. */
  children?: { flow: string; status: SimulationReport["status"] }[];
  /** The flow's warnings; a valid flow has no errors. */
  warnings?: { code: string; pointer: string }[];
}

export interface ExpectedProblem {
  code: string;
  pointer: string;
  messageIncludes?: string;
}

/** What validating an invalid flow must report: every listed problem, and no unlisted error. */
export interface ExpectedInvalid {
  invalid: true;
  problems: ExpectedProblem[];
}

export type Expected = ExpectedRun | ExpectedInvalid;

export interface ConformanceCase {
  name: string;
  flow: unknown;
  /** Child flows for for_each, in file-name order; the runner passes them after the main flow. */
  subflows: unknown[];
  scenario: Scenario | undefined;
  expected: Expected | undefined;
}

export const isInvalid = (expected: Expected): expected is ExpectedInvalid => "invalid" in expected && expected.invalid === true;

export function caseNames(): string[] {
  return readdirSync(CASES_DIR, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

/** The case names the README's table lists, in table order. */
export function casesListedInReadme(): string[] {
  const text = readFileSync(README, "utf8");
  return [...text.matchAll(/^\| \[([a-z0-9-]+)\]\(cases\/\1\/\) \|/gm)].map((match) => match[1]!);
}

export function loadCase(name: string): ConformanceCase {
  const dir = join(CASES_DIR, name);
  const optional = (file: string) => (existsSync(join(dir, file)) ? readJson(join(dir, file)) : undefined);
  const subflowDir = join(dir, "subflows");
  const subflows = existsSync(subflowDir)
    ? readdirSync(subflowDir)
        .filter((file) => file.endsWith(".json"))
        .sort()
        .map((file) => readJson(join(subflowDir, file)))
    : [];
  return {
    name,
    flow: readJson(join(dir, "flow.json")),
    subflows,
    scenario: optional("events.json") as Scenario | undefined,
    expected: optional("expected.json") as Expected | undefined,
  };
}

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new Error(`${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

export function problemsOf(flow: unknown): FlowProblem[] {
  return validateFlow(flow).problems;
}

export function play(testCase: ConformanceCase): SimulationReport {
  if (!testCase.scenario) throw new Error(`case ${testCase.name} has a valid flow but no events.json`);
  return runScenario([testCase.flow, ...testCase.subflows], testCase.scenario);
}

/** A run in the shape of expected.json, with every optional list present (empty when there is nothing). */
export function observe(report: SimulationReport, problems: FlowProblem[]): Required<ExpectedRun> {
  const [main, ...children] = report.instances;
  return {
    status: report.status,
    path: report.path,
    effects: report.effects,
    waitingAt: report.waitingAt,
    exceptions: report.exceptions,
    decisions: report.decisions.map(({ node, outcome }) => ({ node, outcome })),
    refused: report.refused,
    ignored: (main?.history ?? []).filter((entry) => !entry.accepted).map((entry) => describeEvent(entry.event)),
    children: children.map((child) => ({ flow: child.flowId, status: child.status })),
    warnings: problems.filter((found) => found.severity === "warning").map(({ code, pointer }) => ({ code, pointer })),
  };
}

/**
 * Effects that repeat an earlier effect's type and key within one instance. A
 * host stores effects under their key, so a repeat would be dropped as a
 * duplicate (a cancel shares its key with what it cancels, hence type + key).
 */
export function repeatedEffectKeys(report: SimulationReport): string[] {
  return report.instances.flatMap((instance) => {
    const seen = new Set<string>();
    return instance.history.flatMap((entry) =>
      entry.effects.flatMap((effect) => {
        const id = `${effect.type} ${effect.key}`;
        if (seen.has(id)) return [`${instance.id}: ${id}`];
        seen.add(id);
        return [];
      }),
    );
  });
}

/** Fills in the lists an expected.json may leave out, so it compares field by field with `observe`. */
export function withDefaults(expected: ExpectedRun): Required<ExpectedRun> {
  return { decisions: [], refused: [], ignored: [], children: [], warnings: [], ...expected };
}

/** One line per ignored event: its type and what it refers to. */
function describeEvent(event: InstanceEvent | { type: "start" }): string {
  switch (event.type) {
    case "start":
    case "cancel":
      return event.type;
    case "message":
      return `message ${event.event}${event.correlation === undefined ? "" : ` ${JSON.stringify(event.correlation)}`}`;
    case "exception.retry":
    case "exception.skip":
      return `${event.type} ${event.node}`;
    default:
      return `${event.type} ${event.key}`;
  }
}
