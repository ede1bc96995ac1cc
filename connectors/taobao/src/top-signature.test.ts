import { createMemoryStore } from "@orderflow/connector-sdk";
import { describe, expect, it } from "vitest";
import { auth } from "./settings";
import { topSign, topSignatureProblem } from "./top-signature";

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

  it("adds TOP's system parameters and a signature TOP accepts: in the query of a read, in the form of a write", async () => {
    const credentials = { appKey: "12345678", appSecret: "s3cret", session: "sess", signMethod: "hmac" as const };
    const authorizer = auth.createAuthorizer({ credentials, store: createMemoryStore(), clock: () => new Date("2026-11-22T01:30:05Z"), fetch });
    const read = await authorizer.authorize({ method: "GET", url: new URL("http://gw.test/router/rest?method=taobao.trade.fullinfo.get&tid=1"), headers: {} });
    const params = Object.fromEntries(read.url.searchParams);
    expect(params).toMatchObject({ method: "taobao.trade.fullinfo.get", tid: "1", app_key: "12345678", session: "sess", timestamp: "2026-11-22 09:30:05", format: "json", v: "2.0", sign_method: "hmac" });
    expect(topSignatureProblem(params, "s3cret")).toBeNull();
    const write = await authorizer.authorize({ method: "POST", url: new URL("http://gw.test/router/rest"), headers: {}, body: "method=taobao.logistics.offline.send&tid=1" });
    expect(topSignatureProblem(Object.fromEntries(new URLSearchParams(write.body)), "s3cret")).toBeNull();
    expect(write.headers["content-type"]).toMatch(/^application\/x-www-form-urlencoded/);
  });
});
