import { defineConnector } from "@orderflow/connector-sdk";
import { markShipped } from "./mark-shipped";
import { orderWebhook } from "./order-webhook";
import { auth, settings } from "./settings";

export const miniShop = defineConnector({
  id: "mini_shop",
  name: { zh: "迷你商城", en: "Mini shop" },
  category: "sales_channel",
  version: "1.0.0",
  auth,
  settings,
  rateLimit: { perSecond: 5, burst: 10 },
  actions: [markShipped],
  triggers: [orderWebhook],
});
