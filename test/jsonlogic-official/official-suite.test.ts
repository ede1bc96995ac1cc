import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { compileRule, evaluateRule, explainRule } from "../../engine/src/rules/index";

type Case = [rule: unknown, data: unknown, expected: unknown];

const suite: unknown[] = JSON.parse(readFileSync(new URL("./tests.json", import.meta.url), "utf8"));
const cases = suite.filter((entry): entry is Case => Array.isArray(entry));

// Section headings are the comment strings that precede their cases.
const labelled: [string, Case][] = [];
let section = "";
for (const entry of suite) {
  if (typeof entry === "string") section = entry;
  else labelled.push([`${section} #${labelled.length + 1}: ${JSON.stringify((entry as Case)[0])}`, entry as Case]);
}

describe("official JsonLogic suite (jsonlogic.com/tests.json)", () => {
  it("is the complete published file", () => {
    expect(cases).toHaveLength(277);
    expect(suite.at(-1)).toBe("EOF");
  });

  it.each(labelled)("%s", (_name, [rule, data, expected]) => {
    expect(evaluateRule(rule, data)).toStrictEqual(expected);
  });

  it.each(labelled)("explain agrees: %s", (_name, [rule, data, expected]) => {
    expect(explainRule(rule, data).result).toStrictEqual(expected);
  });

  it("gives the same answers from a cached compilation", () => {
    for (const [rule, data, expected] of cases) {
      expect(compileRule(JSON.parse(JSON.stringify(rule))).evaluate(data)).toStrictEqual(expected);
    }
  });
});
