/**
 * Marks a JD POP order shipped with `jingdong.pop.order.shipment` (SOP
 * 出库): JD's courier id (logiCoprId) and the tracking number (logiNo).
 *
 * Pushing the same shipment twice must not fail the flow (a retry after a
 * lost answer does exactly that), but JOS takes no idempotency key and
 * refuses to ship an order that has left. So when JOS refuses a shipment, the
 * order is read back (`jingdong.pop.order.get`): shipped with this tracking
 * number (or JOS does not say which) → the step succeeds; shipped with
 * another → a clear refusal.
 */
import { defineAction, permanentError, Prop, settleRefusedShipment, Type } from "@orderflow/connector-sdk";
import { SHIPPED_STATES } from "./jd-order";
import { callJos } from "./jos-client";
import { allSettings } from "./settings";

interface ShipmentResult {
  success?: boolean;
  chineseErr?: string;
  englishErrCode?: string;
}

interface OrderDetail {
  apiResult?: { success?: boolean; chineseErr?: string };
  orderInfo?: { orderId?: string; orderState?: string; waybill?: string };
}

export const pushShipment = defineAction({
  id: "push_shipment",
  name: { zh: "回传发货信息", en: "Push shipment" },
  description: { zh: "调用 jingdong.pop.order.shipment 把快递公司编号与运单号回传京东，订单出库", en: "Sends the courier id and tracking number to JD (jingdong.pop.order.shipment); the order leaves the warehouse" },
  settings: allSettings,
  props: {
    platformOrderNo: Prop.text({ label: { zh: "京东订单号", en: "JD order id" }, pattern: "^[0-9]+$" }),
    courier: Prop.text({
      label: { zh: "物流公司编号 (logiCoprId)", en: "Courier id (logiCoprId)" },
      description: { zh: "京东的物流公司编号（数字），由商家物流公司接口列出", en: "JD's numeric courier id, as the vender's courier list gives it" },
      pattern: "^[0-9]+$",
    }),
    trackingNo: Prop.text({ label: { zh: "运单号", en: "Tracking number" }, pattern: "^[A-Za-z0-9-]+$" }),
  },
  output: Type.Object({
    accepted: Type.Boolean({ title: "Accepted" }),
    alreadyShipped: Type.Boolean({ title: "Already shipped", description: "JD had already recorded this shipment (a repeated push)" }),
    platformOrderNo: Type.String({ title: "Order id" }),
  }),
  async run({ input, settings, http }) {
    const result = await callJos<ShipmentResult>(http, settings, "jingdong.pop.order.shipment", "sopjosshipment_result", { orderId: input.platformOrderNo, logiCoprId: input.courier, logiNo: input.trackingNo }, { read: false });
    if (result.success === true) return { accepted: true, alreadyShipped: false, platformOrderNo: input.platformOrderNo };
    const refusal = `${result.englishErrCode ?? ""} ${result.chineseErr ?? ""}`.trim();
    // JOS refused the shipment for a business reason: read the order to tell "already sent" from a real refusal.
    const detail = await callJos<OrderDetail>(http, settings, "jingdong.pop.order.get", "orderDetailInfo", { order_id: input.platformOrderNo, optional_fields: "orderId,orderState,waybill" }, { read: true });
    const order = detail.orderInfo;
    if (detail.apiResult?.success === false || !order) throw permanentError("unknown_order", `JD cannot find order ${input.platformOrderNo}: check the order id (${refusal}; ${detail.apiResult?.chineseErr ?? "no order in the answer"})`);
    settleRefusedShipment(
      // waybill may list several numbers, joined by commas or bars.
      { shipped: order.orderState !== undefined && SHIPPED_STATES.has(order.orderState), trackingNumbers: (order.waybill ?? "").split(/[,|]/).map((no) => no.trim()) },
      { platform: "JD", order: `order ${input.platformOrderNo}`, trackingNo: input.trackingNo, refusal: `${order.orderState ?? "state unknown"}: ${refusal}` },
    );
    return { accepted: true, alreadyShipped: true, platformOrderNo: input.platformOrderNo };
  },
});
