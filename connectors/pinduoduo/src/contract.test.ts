import { contractTest } from "@orderflow/connector-sdk/testing";
import { pinduoduo } from "./connector";

contractTest(pinduoduo, {
  fixtures: new URL("../fixtures", import.meta.url),
  settings: (url) => ({ shop: "demo-mall", gatewayUrl: `${url}/api/router`, clientId: "a1b2c3d4", clientSecret: "fixture-secret", accessToken: "fixture-token" }),
});
