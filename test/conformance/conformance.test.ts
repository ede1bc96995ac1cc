/**
 * The conformance corpus: one test per folder of `cases/`. A valid flow is
 * played with its events and must give exactly its expected.json (and the
 * same report when played again); an invalid flow must be refused with the
 * listed problems. See README.md for the format.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compileFlow, FlowValidationError } from "@orderflow/engine";
import {
  CASES_DIR,
  caseNames,
  casesListedInReadme,
  isInvalid,
  loadCase,
  observe,
  play,
  problemsOf,
  repeatedEffectKeys,
  withDefaults,
  type ConformanceCase,
  type ExpectedInvalid,
  type ExpectedRun,
} from "./corpus";

const CASE_FILES = new Set(["flow.json", "events.json", "expected.json", "subflows"]);
/** The corpus never shrinks unnoticed, even if a folder and its README row are deleted together. */
const MINIMUM_CASES = 68;

describe("the conformance corpus", () => {
  const names = caseNames();
  const listed = casesListedInReadme();

  it("has every case the README lists, and the README lists every case", () => {
    expect(names.length).toBeGreaterThanOrEqual(MINIMUM_CASES);
    expect(new Set(listed).size, "a case is listed twice in the README").toBe(listed.length);
    expect([...names].sort()).toEqual([...listed].sort());
  });

  it.each(names)("%s holds only case files", (name) => {
    const files = readdirSync(join(CASES_DIR, name));
    expect(files.filter((file) => !CASE_FILES.has(file))).toEqual([]);
    expect(files).toContain("flow.json");
    expect(files).toContain("expected.json");
  });
});

describe("conformance cases", () => {
  it.each(caseNames())("%s", (name) => {
    const testCase = loadCase(name);
    const expected = testCase.expected;
    if (!expected) throw new Error(`${name} has no expected.json`);
    if (isInvalid(expected)) checkRefused(testCase, expected);
    else checkRun(testCase, expected);
  });
});

function checkRefused(testCase: ConformanceCase, expected: ExpectedInvalid): void {
  expect(testCase.scenario, "an invalid flow is never played: remove events.json").toBeUndefined();
  expect(expected.problems.length, "list at least one expected problem").toBeGreaterThan(0);
  const problems = problemsOf(testCase.flow);
  for (const wanted of expected.problems) {
    expect(problems, `problem ${wanted.code} at ${wanted.pointer}`).toContainEqual(
      expect.objectContaining({
        code: wanted.code,
        pointer: wanted.pointer,
        ...(wanted.messageIncludes === undefined ? {} : { message: expect.stringContaining(wanted.messageIncludes) }),
      }),
    );
  }
  const unlisted = problems.filter((found) => found.severity === "error" && !expected.problems.some((p) => p.code === found.code && p.pointer === found.pointer));
  expect(unlisted, "errors the case does not list").toEqual([]);
  expect(() => compileFlow(testCase.flow)).toThrow(FlowValidationError);
}

function checkRun(testCase: ConformanceCase, expected: ExpectedRun): void {
  const problems = problemsOf(testCase.flow);
  expect(problems.filter((found) => found.severity === "error"), "a case with a valid flow has no errors").toEqual([]);
  const report = play(testCase);
  const observed = observe(report, problems);
  const wanted = withDefaults(expected);
  // A refusal is matched by a part of its text, so that rewording a message does not break the corpus.
  const refused = observed.refused.map((text, index) => {
    const part = wanted.refused[index];
    return part !== undefined && text.includes(part) ? part : text;
  });
  expect({ ...observed, refused }).toEqual(wanted);
  expect(repeatedEffectKeys(report), "every effect has its own key").toEqual([]);
  expect(play(testCase), "playing the same events again gives the same report").toEqual(report);
}
