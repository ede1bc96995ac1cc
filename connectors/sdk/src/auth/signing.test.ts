import { describe, expect, it } from "vitest";
import { secretWrappedMd5, secretWrappedMd5Problem } from "./signing";

// TOP's worked example (foo=1, bar=2, foo_bar=3, foobar=4; secret "helloworld"); the digest was computed independently.
const params = { foo: "1", bar: "2", foo_bar: "3", foobar: "4" };

describe("secretWrappedMd5", () => {
  it("is MD5 of secret + sorted name+value pairs + secret, upper-case hex, without sign and empty values", () => {
    expect(secretWrappedMd5(params, "helloworld")).toBe("5AAF1C690262A24768F5478B084C2C8A");
    expect(secretWrappedMd5({ ...params, sign: "X", empty: "" }, "helloworld")).toBe("5AAF1C690262A24768F5478B084C2C8A");
  });

  it("says why a signature does not hold", () => {
    expect(secretWrappedMd5Problem({ ...params, sign: "5AAF1C690262A24768F5478B084C2C8A" }, "helloworld")).toBeNull();
    expect(secretWrappedMd5Problem({ ...params, foo: "9", sign: "5AAF1C690262A24768F5478B084C2C8A" }, "helloworld")).toMatch(/does not match/);
    expect(secretWrappedMd5Problem(params, "helloworld")).toMatch(/no sign/);
  });
});
