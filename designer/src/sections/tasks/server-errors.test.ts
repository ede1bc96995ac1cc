import { describe, expect, it } from "vitest";
import { fieldErrorsFrom } from "./server-errors";

describe("the server's form problems on the form's fields", () => {
  it("nest each problem under its field's path below /data", () => {
    expect(
      fieldErrorsFrom([
        { field: "/data/scans/0/quantity", message: "must be at least 1" },
        { field: "/data/photo", message: 'no uploaded file has the id "x"' },
        { field: "/data/photo", message: "second" },
      ]),
    ).toEqual({ scans: { 0: { quantity: { __errors: ["must be at least 1"] } } }, photo: { __errors: ['no uploaded file has the id "x"', "second"] } });
  });

  it("put problems of the whole form, or outside it, on the form", () => {
    expect(fieldErrorsFrom([{ field: "/data", message: "must have required property 'photo'" }, { field: "", message: "The body is empty" }])).toEqual({
      __errors: ["must have required property 'photo'", "The body is empty"],
    });
  });

  it("unescape JSON pointer segments", () => {
    expect(fieldErrorsFrom([{ field: "/data/a~1b/c~0d", message: "m" }])).toEqual({ "a/b": { "c~d": { __errors: ["m"] } } });
  });
});
