import { contractTest } from "@orderflow/connector-sdk/testing";
import { wecom } from "./connector";

contractTest(wecom, {
  fixtures: new URL("../fixtures", import.meta.url),
  settings: (url) => ({ apiBaseUrl: url, webhookKey: "fixture-webhook-key", directory: [{ role: "supervisor", address: "13800000001" }] }),
});
