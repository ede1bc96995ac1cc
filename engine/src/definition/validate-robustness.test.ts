import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { validateFlow } from "./validate";
import { everyKindFlow, REGISTRIES } from "./test-flows";

/** Every pointer inside a JSON value, with a setter for it. */
function places(value: unknown, pointer = ""): { pointer: string; set: (root: unknown, replacement: unknown) => void }[] {
  if (typeof value !== "object" || value === null) return [];
  return Object.entries(value).flatMap(([key, child]) => [
    {
      pointer: `${pointer}/${key}`,
      set: (root: unknown, replacement: unknown) => {
        const parent = pointer.split("/").slice(1).reduce((at: any, token) => at[token], root);
        parent[key] = replacement;
      },
    },
    ...places(child, `${pointer}/${key}`),
  ]);
}

describe("validateFlow on half-edited documents", () => {
  const targets = places(everyKindFlow());

  it("answers with problems, never by throwing, whatever is put anywhere in a flow", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: targets.length - 1 }), fc.jsonValue({ maxDepth: 3 }), (index, replacement) => {
        const flow = everyKindFlow();
        targets[index]!.set(flow, replacement);
        const result = validateFlow(flow, REGISTRIES);
        for (const found of result.problems) {
          expect(found.pointer === "" || found.pointer.startsWith("/")).toBe(true);
          expect(found.message.length).toBeGreaterThan(10);
        }
        expect(result.ok).toBe(!result.problems.some((found) => found.severity === "error"));
      }),
      { numRuns: 400 },
    );
  }, 30_000);

  it("answers any JSON value with problems", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (document) => {
        expect(validateFlow(document).ok).toBe(false);
      }),
    );
  });
});
