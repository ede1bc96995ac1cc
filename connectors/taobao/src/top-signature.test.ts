import { describe, expect, it } from "vitest";
import { fromTopTime, topSign, topSignatureProblem, toTopTime } from "./top-signature";

// The worked example of TOP's signing guide (foo=1, bar=2, foo_bar=3, foobar=4), digests computed independently.
const params = { foo: "1", bar: "2", foo_bar: "3", foobar: "4" };

describe("TOP signature", () => {
  it("signs the guide's example with md5 and with hmac, in upper-case hex", () => {
    expect(topSign(params, "helloworld", "md5")).toBe("5AAF1C690262A24768F5478B084C2C8A");
    expect(topSign(params, "helloworld", "hmac")).toBe("E687005F819D6F9E6ED085311C8ACC75");
  });

  it("leaves out sign itself and empty parameters", () => {
    expect(topSign({ ...params, sign: "X", empty: "" }, "helloworld", "md5")).toBe("5AAF1C690262A24768F5478B084C2C8A");
  });

  it("says why a signature does not hold", () => {
    const signed = { ...params, sign_method: "md5" };
    const sign = topSign(signed, "helloworld", "md5");
    expect(topSignatureProblem({ ...signed, sign }, "helloworld")).toBeNull();
    expect(topSignatureProblem({ ...signed, sign, foo: "2" }, "helloworld")).toMatch(/does not match/);
    expect(topSignatureProblem({ ...signed, sign_method: "sha1", sign }, "helloworld")).toMatch(/sign_method must be md5 or hmac/);
  });

  it("writes and reads Beijing time", () => {
    expect(toTopTime(new Date("2026-11-22T01:30:05Z"))).toBe("2026-11-22 09:30:05");
    expect(fromTopTime("2026-11-22 09:30:05")).toBe("2026-11-22T09:30:05+08:00");
    expect(fromTopTime("2026-11-22T09:30:05")).toBeNull();
  });
});
