import { describe, expect, it } from "vitest";
import { fromPddTime, popSign, popSignatureProblem } from "./pop-signature";

// The digest was computed independently: MD5("testSecret" + "access_tokentok" + … + "typepdd.order.information.get" + "testSecret").
const params = { type: "pdd.order.information.get", client_id: "4b6e", timestamp: "1732240000", data_type: "JSON", access_token: "tok", order_sn: "261122-1" };

describe("POP signature", () => {
  it("wraps the sorted name+value string in the secret, MD5, upper-case hex", () => {
    expect(popSign(params, "testSecret")).toBe("20374632DCEC1017ECF17EECC0BB77CB");
    expect(popSign({ ...params, sign: "old", empty: "" }, "testSecret")).toBe("20374632DCEC1017ECF17EECC0BB77CB");
  });

  it("says why a signature does not hold", () => {
    const sign = popSign(params, "testSecret");
    expect(popSignatureProblem({ ...params, sign }, "testSecret")).toBeNull();
    expect(popSignatureProblem({ ...params, sign, order_sn: "261122-2" }, "testSecret")).toMatch(/does not match/);
    expect(popSignatureProblem(params, "testSecret")).toMatch(/no sign/);
  });

  it("reads PDD's Beijing time", () => {
    expect(fromPddTime("2026-11-22 08:45:12")).toBe("2026-11-22T08:45:12+08:00");
    expect(fromPddTime("1732240000")).toBeNull();
  });
});
