/**
 * Webhook ingress: platforms post orders and notices here. Signed by the
 * platform instead of a session or token; answered 200 only once the request
 * and what it set off are stored (see intake/receive-webhook.ts).
 */
import { limitBody } from "../body-limit";
import { Type } from "@sinclair/typebox";
import { Hono } from "hono";
import { MAX_WEBHOOK_BYTES, receiveWebhook } from "../../intake/receive-webhook";
import { defineEndpoint, endpoint } from "../endpoint";
import type { Env } from "../env";
import { ApiError, notFound } from "../errors";

/** Requests above this are cut off unread; between MAX_WEBHOOK_BYTES and this they are refused and their start kept. */
const READ_AT_MOST = 8 * MAX_WEBHOOK_BYTES;

const receive = defineEndpoint({
  summary: "Receive a platform's webhook (an order, a shipment notice)",
  description: "Authenticated by the platform's signature. 200 means stored (or a duplicate already stored); 4xx requests are kept for inspection.",
  tag: "Webhooks",
  roles: "public",
  params: Type.Object({ source: Type.String({ description: "The connector installation's id, e.g. taobao-main, shopify, shop_site" }) }),
  responses: {
    200: {
      description: "Stored, or recognised as a duplicate",
      schema: Type.Object({
        status: Type.Union([Type.Literal("accepted"), Type.Literal("duplicate")]),
        orderId: Type.Optional(Type.String({ description: "The order the request created; for a batched push, the first." })),
        orderIds: Type.Optional(Type.Array(Type.String(), { description: "A batched push only: every order it created, in the order of its events." })),
      }),
    },
  },
});

export const webhookRoutes = new Hono<Env>().post(
  "/webhooks/:source",
  endpoint(receive),
  limitBody(READ_AT_MOST, () => {
    throw new ApiError(413, "payload_too_large", `The body is larger than ${READ_AT_MOST} bytes`);
  }),
  async (c) => {
    const { source: id } = c.req.valid("param");
    const sources = c.var.deps.webhookSources();
    const source = sources[id];
    if (!source) throw notFound(`No webhook source "${id}": the sources installed are ${Object.keys(sources).join(", ") || "none"}`);
    const headers: Record<string, string> = {};
    c.req.raw.headers.forEach((value, name) => (headers[name] = value));
    const receipt = await receiveWebhook(c.var.deps.execution, source, { headers, body: await c.req.text() });
    if (receipt.status === "rejected") throw new ApiError(receipt.httpStatus, "webhook_rejected", receipt.error);
    if (receipt.status === "duplicate") return c.json({ status: receipt.status }, 200);
    const { orderId, orderIds } = receipt;
    return c.json({ status: receipt.status, ...(orderId ? { orderId } : {}), ...(orderIds ? { orderIds } : {}) }, 200);
  },
);
