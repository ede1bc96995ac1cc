import { createMockContext, sendJson, startLocalServer } from "@orderflow/connector-sdk/testing";
import { describe, expect, it } from "vitest";
import { pushShipment } from "./push-shipment";

describe("push_shipment", () => {
  it("sends the order number, courier and tracking number, stamped with the time of the call when none is given", async () => {
    const shop = await startLocalServer((_request, response) => sendJson(response, 201, { id: "shp_42" }));
    try {
      const context = createMockContext({
        input: { platformOrderNo: "WS-1", courier: "YTO", trackingNo: "YT123" },
        settings: { shop: "s", shipmentUrl: `${shop.url}/api/shipments`, secret: "x" },
        now: new Date("2026-11-22T06:30:00Z"),
      });
      expect(await pushShipment.run(context)).toEqual({ accepted: true, shipmentId: "shp_42" });
      expect(shop.requests[0]!.path).toBe("/api/shipments");
      expect(JSON.parse(shop.requests[0]!.body)).toEqual({ order_number: "WS-1", courier: "YTO", tracking_number: "YT123", shipped_at: "2026-11-22T06:30:00.000Z" });
      expect(shop.requests[0]!.headers["idempotency-key"]).toBe(context.idempotencyKey);
    } finally {
      await shop.close();
    }
  });

  it("refuses an answer without the shipment's id rather than reporting a shipment it cannot name", async () => {
    const shop = await startLocalServer((_request, response) => sendJson(response, 200, { ok: true }));
    try {
      const context = createMockContext({ input: { platformOrderNo: "WS-1", courier: "YTO", trackingNo: "YT123" }, settings: { shop: "s", shipmentUrl: shop.url, secret: "x" } });
      await expect(pushShipment.run(context)).rejects.toMatchObject({ code: "bad_response", retryable: false });
    } finally {
      await shop.close();
    }
  });
});
