import { describe, expect, it } from "vitest";
import { buildSources, staleReason } from "./designer-build";

describe("whether the designer's build is current", () => {
  const sources = [
    { path: "designer/src/main.tsx", modifiedMs: 1_000 },
    { path: "designer/src/app/app.tsx", modifiedMs: 3_000 },
    { path: "engine/src/definition/schema.ts", modifiedMs: 2_000 },
  ];

  it("builds when there is no build", () => {
    expect(staleReason(undefined, sources)).toBe("designer/dist/index.html is missing");
  });

  it("builds when a source changed after the build, naming the newest", () => {
    expect(staleReason(1_500, sources)).toBe("designer/src/app/app.tsx and 1 more changed since the last build");
    expect(staleReason(2_500, sources)).toBe("designer/src/app/app.tsx changed since the last build");
  });

  it("keeps a build newer than every source", () => {
    expect(staleReason(3_000, sources)).toBeUndefined();
  });

  it("looks at the designer's and the engine's sources, not at tests or dependencies", () => {
    const paths = buildSources().map((source) => source.path);
    expect(paths).toContain("designer/src/main.tsx");
    expect(paths).toContain("designer/index.html");
    expect(paths).toContain("engine/src/definition/schema.ts");
    expect(paths.filter((path) => path.includes(".test.") || path.includes("node_modules") || path.startsWith("designer/dist"))).toEqual([]);
  });
});
