import { describe, expect, it } from "vitest";
import { queryString, toFailure } from "./client";

describe("the API client", () => {
  it("reads the server's error answer: status, code, message, every field problem", () => {
    const failure = toFailure(
      400,
      { error: { code: "invalid_form_data", message: "/data/photo: missing", field: "/data/photo", problems: [{ field: "/data/photo", message: "missing" }], requestId: "r1" } },
      "",
    );
    expect(failure).toMatchObject({ status: 400, code: "invalid_form_data", message: "/data/photo: missing", problems: [{ field: "/data/photo", message: "missing" }], requestId: "r1" });
  });

  it("keeps a flow problem's pointer as its field", () => {
    const failure = toFailure(422, { error: { code: "invalid_flow", message: "m", problems: [{ pointer: "/nodes/0", code: "x", message: "bad", severity: "error" }] } }, "");
    expect(failure.problems).toEqual([{ field: "/nodes/0", message: "bad" }]);
  });

  it("turns an answer that is not the API's into a failure with its text", () => {
    expect(toFailure(502, undefined, "Bad gateway\n")).toMatchObject({ status: 502, code: "http_error", message: "Bad gateway" });
  });

  it("sends only the filters that are set", () => {
    expect(queryString({ q: "1234", status: "", cursor: undefined, inException: true })).toBe("?q=1234&inException=true");
    expect(queryString({})).toBe("");
  });
});
