import { contractTest } from "@orderflow/connector-sdk/testing";
import { outboundWebhook } from "./connector";

contractTest(outboundWebhook, {
  fixtures: new URL("../fixtures", import.meta.url),
  settings: (url) => ({ url: `${url}/hooks/orderflow`, secret: "fixture-secret" }),
});
