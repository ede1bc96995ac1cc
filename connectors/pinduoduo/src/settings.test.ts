import { createMemoryStore } from "@orderflow/connector-sdk";
import { describe, expect, it } from "vitest";
import { auth } from "./settings";

describe("POP request signing", () => {
  it("adds the common parameters and signs them with the business ones, as an independently computed digest says", async () => {
    // MD5("testSecret" + "access_tokentok" + "client_id4b6e" + "data_typeJSON" + "order_sn261122-1" + "timestamp1732240000" + "typepdd.order.information.get" + "testSecret"), computed outside this code.
    const authorizer = auth.createAuthorizer({ credentials: { clientId: "4b6e", clientSecret: "testSecret", accessToken: "tok" }, store: createMemoryStore(), clock: () => new Date(1_732_240_000_000), fetch });
    const signed = await authorizer.authorize({ method: "POST", url: new URL("http://gw.test/api/router"), headers: {}, body: "type=pdd.order.information.get&order_sn=261122-1" });
    expect(Object.fromEntries(new URLSearchParams(signed.body))).toEqual({
      type: "pdd.order.information.get",
      order_sn: "261122-1",
      client_id: "4b6e",
      access_token: "tok",
      timestamp: "1732240000",
      data_type: "JSON",
      sign: "20374632DCEC1017ECF17EECC0BB77CB",
    });
  });
});
