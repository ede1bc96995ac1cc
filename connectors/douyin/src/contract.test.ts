import { contractTest } from "@orderflow/connector-sdk/testing";
import { douyin } from "./connector";

contractTest(douyin, {
  fixtures: new URL("../fixtures", import.meta.url),
  settings: (url) => ({ shop: "77001234", gatewayUrl: url, clientId: "7301234567890123456", clientSecret: "fixture-secret", refreshToken: "refresh-fixture" }),
});
