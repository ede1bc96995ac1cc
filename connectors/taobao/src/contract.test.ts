import { contractTest } from "@orderflow/connector-sdk/testing";
import { taobao } from "./connector";

contractTest(taobao, {
  fixtures: new URL("../fixtures", import.meta.url),
  settings: (url) => ({ shop: "demo-shop", gatewayUrl: `${url}/router/rest`, appKey: "12345678", appSecret: "fixture-secret", session: "fixture-session" }),
});
