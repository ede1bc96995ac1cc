import { describe, expect, it } from "vitest";
import { fromJdTime, josSign, josSignatureProblem, toJdTime } from "./jos-signature";

// The digest was computed independently: MD5("sec" + '360buy_param_json{"order_id":"300100200"}' + "access_tokentok" + … + "v2.0" + "sec").
const params = { method: "jingdong.pop.order.get", app_key: "K1", access_token: "tok", timestamp: "2026-11-22 10:00:00", v: "2.0", "360buy_param_json": '{"order_id":"300100200"}' };

describe("JOS signature", () => {
  it("sorts 360buy_param_json with the system parameters, wraps in the secret, MD5, upper-case hex", () => {
    expect(josSign(params, "sec")).toBe("3B4FDE2201F215560CCAD4D76204D38D");
    expect(josSign({ ...params, sign: "old" }, "sec")).toBe("3B4FDE2201F215560CCAD4D76204D38D");
  });

  it("says why a signature does not hold", () => {
    const sign = josSign(params, "sec");
    expect(josSignatureProblem({ ...params, sign }, "sec")).toBeNull();
    expect(josSignatureProblem({ ...params, sign, "360buy_param_json": '{"order_id":"1"}' }, "sec")).toMatch(/does not match/);
  });

  it("writes and reads Beijing time", () => {
    expect(toJdTime(new Date("2026-11-22T02:00:00Z"))).toBe("2026-11-22 10:00:00");
    expect(fromJdTime("2026-11-22 10:00:00")).toBe("2026-11-22T10:00:00+08:00");
  });
});
