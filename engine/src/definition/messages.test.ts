import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { validateFlow } from "./validate";
import { brokenFlows, REGISTRIES } from "./test-flows";

const CASES = join(import.meta.dirname, "../../../test/conformance/cases");

/** Every flow of the conformance corpus that must be refused, by case name. */
function invalidCases(): [name: string, flow: unknown][] {
  return readdirSync(CASES, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => join(CASES, entry.name))
    .filter((dir) => JSON.parse(readFileSync(join(dir, "expected.json"), "utf8")).invalid === true)
    .map((dir) => [dir.slice(CASES.length + 1), JSON.parse(readFileSync(join(dir, "flow.json"), "utf8"))]);
}

describe("validator messages read as sentences", () => {
  const flows = [...invalidCases(), ...brokenFlows()];

  it("has flows to read", () => {
    expect(invalidCases().length).toBeGreaterThan(10);
    expect(brokenFlows().length).toBeGreaterThan(40);
  });

  it.each(flows)("%s", (_, flow) => {
    const messages = validateFlow(flow, REGISTRIES).problems.map((found) => found.message);
    expect(messages.length, "the flow is refused or warned about").toBeGreaterThan(0);
    for (const message of messages) {
      expect(message, "no doubled punctuation").not.toMatch(/\?\.|\.\.|\. \./);
      expect(message, "ends with a full stop or a question mark").toMatch(/[.?]$/);
    }
  });
});
