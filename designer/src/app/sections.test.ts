import { describe, expect, it } from "vitest";
import { homeSection, sectionsFor } from "./sections";

describe("sections by role", () => {
  const ids = (roles: Parameters<typeof sectionsFor>[0]) => sectionsFor(roles).map((section) => section.id);

  it("give each role the sections whose routes it may call", () => {
    expect(ids(["staff"])).toEqual(["tasks"]);
    expect(ids(["supervisor"])).toEqual(["orders", "tasks", "alerts", "flows"]);
    expect(ids(["designer"])).toEqual(["flows"]);
    expect(ids(["integrator"])).toEqual(["orders", "flows"]);
    expect(ids(["admin"])).toEqual(["orders", "tasks", "alerts", "flows"]);
    expect(ids(["staff", "designer"])).toEqual(["tasks", "flows"]);
  });

  it("open on the user's first section, and on none without a role", () => {
    expect(homeSection(["staff"])?.id).toBe("tasks");
    expect(homeSection(["supervisor"])?.id).toBe("orders");
    expect(homeSection([])).toBeUndefined();
  });
});
