/**
 * Shopify's webhook signature: `X-Shopify-Hmac-Sha256` is the base64
 * HMAC-SHA256 of the raw body under the app's client secret. Nothing else is
 * signed (no timestamp), so a replayed delivery is caught by its dedupe key,
 * not by a time window.
 */
import { hmacSha256Base64, signaturesMatch } from "@orderflow/connector-sdk";

export const HMAC_HEADER = "x-shopify-hmac-sha256";
export const TOPIC_HEADER = "x-shopify-topic";
export const SHOP_DOMAIN_HEADER = "x-shopify-shop-domain";
export const WEBHOOK_ID_HEADER = "x-shopify-webhook-id";

export function webhookHmac(secret: string, body: string): string {
  return hmacSha256Base64(secret, body);
}

/** Why the delivery's signature does not hold, or null when it does. */
export function webhookSignatureProblem(secret: string, hmac: string | undefined, body: string): string | null {
  if (hmac === undefined) return `the request has no ${HMAC_HEADER} header: Shopify signs every webhook delivery`;
  return signaturesMatch(hmac.trim(), webhookHmac(secret, body)) ? null : `the ${HMAC_HEADER} header does not match the body: check the webhook signing secret (the app's client secret)`;
}
