/**
 * A shop that signs its webhooks with HMAC-SHA256 over the body (hex, in
 * `x-signature`), as the bench and the durability tests send them: an order
 * (the bench's order JSON), or `{ "type": "message", id, event, correlation }`
 * for instances waiting on an event. The secret is shared by the sender and
 * the server process, both of which import it from here.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { WebhookRejected, type WebhookContent, type WebhookSource } from "../../runtime-server/src/index";

const SECRET = "orderflow-signed-shop-secret";

export const SIGNED_SHOP = "signed_shop";

/** The `x-signature` header for a body. */
export function signBody(body: string): string {
  return createHmac("sha256", SECRET).update(body).digest("hex");
}

interface ShopOrder {
  shop: string;
  platformOrderNo: string;
  buyer?: { name?: string; phone?: string };
  total?: number;
}

interface ShopMessage {
  type: "message";
  id: string;
  event: string;
  correlation?: unknown;
  payload?: unknown;
}

export const signedShop: WebhookSource = {
  id: SIGNED_SHOP,
  read({ headers, body }): WebhookContent {
    const expected = Buffer.from(signBody(body), "hex");
    const given = Buffer.from(headers["x-signature"] ?? "", "hex");
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new WebhookRejected(401, "the x-signature header is not the HMAC-SHA256 of the body with the shop's secret");
    }
    const sent = JSON.parse(body) as ShopOrder | ShopMessage;
    if ("type" in sent && sent.type === "message") {
      if (typeof sent.id !== "string" || typeof sent.event !== "string") throw new WebhookRejected(422, 'a message needs "id" and "event" (strings)');
      return { kind: "message", dedupeKey: `${SIGNED_SHOP}:message:${sent.id}`, event: sent.event, correlation: sent.correlation ?? null, payload: sent.payload };
    }
    const order = sent as ShopOrder;
    if (typeof order.shop !== "string" || typeof order.platformOrderNo !== "string") {
      throw new WebhookRejected(422, 'an order needs "shop" and "platformOrderNo" (strings)');
    }
    return {
      kind: "order",
      dedupeKey: `${SIGNED_SHOP}:${order.shop}:${order.platformOrderNo}`,
      order: {
        channel: SIGNED_SHOP,
        shop: order.shop,
        platformOrderNo: order.platformOrderNo,
        buyerName: order.buyer?.name ?? null,
        phone: order.buyer?.phone ?? null,
        total: order.total ?? 0,
        data: order as unknown as Record<string, unknown>,
        raw: order,
      },
    };
  },
};
