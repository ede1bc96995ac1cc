import { contractTest } from "@orderflow/connector-sdk/testing";
import { miniShop } from "./connector";

contractTest(miniShop, {
  fixtures: new URL("../fixtures", import.meta.url),
  settings: (url) => ({ shop: "mini-1", apiUrl: url, webhookSecret: "fixture-secret", token: "fixture-token" }),
});
