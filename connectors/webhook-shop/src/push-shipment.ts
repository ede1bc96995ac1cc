/**
 * Tells the shop's site an order has shipped: courier and tracking number,
 * posted to the configured shipment URL, signed, with the step's idempotency
 * key, so a retried call records the shipment once.
 */
import { ConnectorError, defineAction, permanentError, Prop, Type } from "@orderflow/connector-sdk";
import { allSettings } from "./settings";

export const pushShipment = defineAction({
  id: "push_shipment",
  name: { zh: "回传发货信息", en: "Push shipment" },
  description: { zh: "把快递公司与运单号回传给商城", en: "Sends the courier and tracking number back to the shop's site" },
  settings: allSettings,
  props: {
    platformOrderNo: Prop.text({ label: { zh: "商城订单号", en: "Shop order number" } }),
    courier: Prop.text({ label: { zh: "快递公司", en: "Courier" }, placeholder: "SF" }),
    trackingNo: Prop.text({ label: { zh: "运单号", en: "Tracking number" }, pattern: "^[A-Za-z0-9-]+$" }),
    shippedAt: Prop.text({ label: { zh: "发货时间", en: "Shipped at" }, format: "date-time", required: false }),
  },
  output: Type.Object({
    accepted: Type.Boolean({ title: "Accepted" }),
    shipmentId: Type.String({ title: "Shipment id", description: "The shop's id for the shipment" }),
  }),
  async run({ input, settings, http, clock }) {
    try {
      const { body } = await http.request<{ id?: unknown }>({
        method: "POST",
        path: settings.shipmentUrl,
        json: { order_number: input.platformOrderNo, courier: input.courier, tracking_number: input.trackingNo, shipped_at: input.shippedAt ?? clock().toISOString() },
      });
      if (typeof body?.id !== "string") throw permanentError("bad_response", `The shop accepted the shipment but answered without its id: answer with {"id": "…"}`);
      return { accepted: true, shipmentId: body.id };
    } catch (error) {
      if (error instanceof ConnectorError && error.status === 404) throw permanentError("unknown_order", `The shop does not know order ${input.platformOrderNo}: check the order number (${error.message})`);
      if (error instanceof ConnectorError && error.status === 409) throw permanentError("already_shipped", `The shop already has another shipment for order ${input.platformOrderNo} (${error.message})`);
      throw error;
    }
  },
});
