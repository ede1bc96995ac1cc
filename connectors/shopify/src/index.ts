export { shopify } from "./connector";
export { webhookHmac, HMAC_HEADER, TOPIC_HEADER, SHOP_DOMAIN_HEADER, WEBHOOK_ID_HEADER } from "./webhook-signature";
export { ShopifyOrderSchema, toCanonicalOrder, fromGraphqlOrder, type ShopifyOrder, type GraphqlOrder } from "./shopify-order";
