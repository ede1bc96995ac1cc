import { createMemoryStore } from "@orderflow/connector-sdk";
import { describe, expect, it } from "vitest";
import { auth } from "./settings";

describe("JOS request signing", () => {
  it("adds the system parameters in Beijing time and signs them with 360buy_param_json, as an independently computed digest says", async () => {
    // MD5("sec" + '360buy_param_json{"order_id":"300100200"}' + "access_tokentok" + "app_keyK1" + "methodjingdong.pop.order.get" + "timestamp2026-11-22 10:00:00" + "v2.0" + "sec"), computed outside this code.
    const authorizer = auth.createAuthorizer({ credentials: { appKey: "K1", appSecret: "sec", accessToken: "tok" }, store: createMemoryStore(), clock: () => new Date("2026-11-22T02:00:00Z"), fetch });
    const body = new URLSearchParams({ method: "jingdong.pop.order.get", "360buy_param_json": JSON.stringify({ order_id: "300100200" }) }).toString();
    const signed = await authorizer.authorize({ method: "POST", url: new URL("http://gw.test/routerjson"), headers: {}, body });
    expect(Object.fromEntries(new URLSearchParams(signed.body))).toEqual({
      method: "jingdong.pop.order.get",
      "360buy_param_json": '{"order_id":"300100200"}',
      app_key: "K1",
      access_token: "tok",
      timestamp: "2026-11-22 10:00:00",
      v: "2.0",
      sign: "3B4FDE2201F215560CCAD4D76204D38D",
    });
  });
});
