export { webhookShop } from "./connector";
export { signatureHeaders, signingString, SIGNATURE_HEADER, TIMESTAMP_HEADER } from "./signature";
export { ShopOrderSchema, toCanonicalOrder, type ShopOrder } from "./shop-order";
