import { contractTest } from "@orderflow/connector-sdk/testing";
import { shopify } from "./connector";

contractTest(shopify, {
  fixtures: new URL("../fixtures", import.meta.url),
  settings: (url) => ({ shop: "tea-house.myshopify.com", adminUrl: `${url}/admin/api/2025-10/graphql.json`, webhookSecret: "fixture-secret", token: "shpat_fixture" }),
});
