import { contractTest } from "@orderflow/connector-sdk/testing";
import { jd } from "./connector";

contractTest(jd, {
  fixtures: new URL("../fixtures", import.meta.url),
  settings: (url) => ({ shop: "demo-vender", gatewayUrl: `${url}/routerjson`, appKey: "A1B2C3", appSecret: "fixture-secret", accessToken: "fixture-token" }),
});
