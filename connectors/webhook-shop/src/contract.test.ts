import { contractTest } from "@orderflow/connector-sdk/testing";
import { webhookShop } from "./connector";

contractTest(webhookShop, {
  fixtures: new URL("../fixtures", import.meta.url),
  settings: (url) => ({ shop: "demo-shop", shipmentUrl: `${url}/shipments`, ordersUrl: `${url}/orders`, secret: "fixture-secret" }),
});
