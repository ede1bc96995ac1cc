import { describe, expect, it } from "vitest";
import { hashOf, parseHash } from "./routes";

describe("hash routes", () => {
  it("read the section, the rest of the path and the query", () => {
    expect(parseHash("#/orders/DB20261122000001")).toEqual({ section: "orders", rest: ["DB20261122000001"], query: {} });
    expect(parseHash("#/orders?phone=1234&status=picking")).toEqual({ section: "orders", rest: [], query: { phone: "1234", status: "picking" } });
    expect(parseHash("")).toEqual({ section: "", rest: [], query: {} });
    expect(parseHash("#/")).toEqual({ section: "", rest: [], query: {} });
  });

  it("round-trip ids with characters of their own (task keys hold ':')", () => {
    const key = "99fcbeff-f31d:pick:1";
    const hash = hashOf("tasks", [key]);
    expect(hash).toBe("#/tasks/99fcbeff-f31d%3Apick%3A1");
    expect(parseHash(hash).rest).toEqual([key]);
  });

  it("leave empty filters out of the address", () => {
    expect(hashOf("orders", [], { q: "", phone: "1234", status: undefined })).toBe("#/orders?phone=1234");
    expect(hashOf("orders")).toBe("#/orders");
  });
});
