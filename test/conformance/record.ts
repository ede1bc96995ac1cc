/**
 * Prints what a case actually does, in the shape of expected.json, to help
 * write one. Never paste it blindly: decide first what the flow must do, then
 * compare line by line.
 *
 *   npx tsx test/conformance/record.ts <case-folder-name>
 *
 * An invalid flow prints every problem with its severity and message; keep
 * the errors (and the warnings the case is about) as code + pointer, with a
 * telling part of the message as messageIncludes.
 */
import { caseNames, loadCase, observe, play, problemsOf, type ExpectedRun } from "./corpus";

const name = process.argv[2];
if (!name || !caseNames().includes(name)) {
  console.error(`Usage: npx tsx test/conformance/record.ts <case>\nCases: ${caseNames().join(", ")}`);
  process.exit(2);
}

const testCase = loadCase(name);
const problems = problemsOf(testCase.flow);
if (problems.some((found) => found.severity === "error")) {
  console.log(JSON.stringify({ invalid: true, problems }, null, 2));
} else {
  const observed: ExpectedRun = observe(play(testCase), problems);
  for (const key of ["decisions", "refused", "ignored", "children", "warnings"] as const) {
    if (observed[key]?.length === 0) delete observed[key];
  }
  console.log(JSON.stringify(observed, null, 2));
}
