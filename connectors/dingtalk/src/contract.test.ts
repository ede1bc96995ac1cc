import { contractTest } from "@orderflow/connector-sdk/testing";
import { dingtalk } from "./connector";

contractTest(dingtalk, {
  fixtures: new URL("../fixtures", import.meta.url),
  settings: (url) => ({ apiBaseUrl: url, accessToken: "fixture-token", signSecret: "SECfixture-secret", directory: [{ role: "supervisor", address: "13800000001" }] }),
});
