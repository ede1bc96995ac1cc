import { ConnectorError, defineAction, permanentError, Prop, Type } from "@orderflow/connector-sdk";
import { allSettings } from "./settings";

export const markShipped = defineAction({
  id: "mark_shipped",
  name: { zh: "标记发货", en: "Mark shipped" },
  settings: allSettings,
  props: {
    orderNo: Prop.text({ label: { zh: "订单号", en: "Order number" } }),
    trackingNo: Prop.text({ label: { zh: "运单号", en: "Tracking number" }, pattern: "^[A-Za-z0-9-]+$" }),
  },
  output: Type.Object({ shipmentId: Type.String() }),
  async run({ input, settings, http }) {
    try {
      const { body } = await http.request<{ id?: unknown }>({ method: "POST", path: `${settings.apiUrl}/orders/${encodeURIComponent(input.orderNo)}/shipment`, json: { tracking: input.trackingNo } });
      if (typeof body?.id !== "string") throw permanentError("bad_response", "the shop answered without the shipment's id");
      return { shipmentId: body.id };
    } catch (error) {
      if (error instanceof ConnectorError && error.status === 404) throw permanentError("unknown_order", `the shop does not know order ${input.orderNo}`);
      throw error;
    }
  },
});
