/**
 * Tells Douyin an order has shipped: order.logisticsAdd with the courier's
 * company_code and the tracking number (logistics_code).
 *
 * The platform takes no idempotency key, so the order's state is the key:
 * order.orderDetail is read first, and a shipment that already carries this
 * tracking number is the answer. A repeated call (a lost answer, a worker
 * retry) therefore finds its earlier shipment instead of failing, and a
 * refusal of logisticsAdd is checked against the order again before it is
 * reported.
 */
import { defineAction, permanentError, Prop, Type, type HttpClient } from "@orderflow/connector-sdk";
import { callDouyin, DouyinRefusal } from "./douyin-api";
import { ORDER_STATUSES } from "./douyin-order";
import { allSettings, gatewayOf } from "./settings";

interface OrderDetail {
  shop_order_detail?: { order_status?: number; logistics_info?: { tracking_no?: string; company?: string }[] };
}

export const pushShipment = defineAction({
  id: "push_shipment",
  name: { zh: "回传发货信息", en: "Push shipment" },
  description: { zh: "调用 order.logisticsAdd 为抖店订单发货", en: "Ships the Douyin order with order.logisticsAdd" },
  settings: allSettings,
  props: {
    platformOrderNo: Prop.text({ label: { zh: "抖店订单号", en: "Douyin order id" }, pattern: "^[0-9]+$" }),
    courier: Prop.text({
      label: { zh: "物流公司编码", en: "Courier code" },
      description: { zh: "抖店的 company_code，如 shunfeng、yuantong、zhongtong", en: "Douyin's company_code, such as shunfeng, yuantong, zhongtong" },
      pattern: "^[a-z0-9_]+$",
      placeholder: "shunfeng",
    }),
    trackingNo: Prop.text({ label: { zh: "运单号", en: "Tracking number" }, pattern: "^[A-Za-z0-9-]+$" }),
  },
  output: Type.Object({
    accepted: Type.Boolean({ title: "Accepted" }),
    trackingNo: Type.String({ title: "Tracking number" }),
    alreadyRecorded: Type.Boolean({ title: "Already recorded", description: "The shipment existed from an earlier try" }),
  }),
  async run({ input, settings, http }) {
    const gateway = gatewayOf(settings);
    const before = await readShipments(http, gateway, input.platformOrderNo);
    if (before.trackingNumbers.includes(input.trackingNo)) return { accepted: true, trackingNo: input.trackingNo, alreadyRecorded: true };
    const status = ORDER_STATUSES[before.status]?.status;
    if (status === "cancelled") throw permanentError("order_cancelled", `Douyin order ${input.platformOrderNo} is cancelled: it must not ship`);
    if (status === "shipped" || status === "completed") {
      throw permanentError("already_shipped", `Douyin order ${input.platformOrderNo} already shipped${before.trackingNumbers.length ? ` as ${before.trackingNumbers.join(", ")}` : ""}`);
    }
    try {
      await callDouyin(http, gateway, "order.logisticsAdd", { order_id: input.platformOrderNo, company_code: input.courier, logistics_code: input.trackingNo });
      return { accepted: true, trackingNo: input.trackingNo, alreadyRecorded: false };
    } catch (error) {
      if (!(error instanceof DouyinRefusal)) throw error;
      // Refused: perhaps because an earlier try of this very call went through and its answer was lost.
      const after = await readShipments(http, gateway, input.platformOrderNo);
      if (after.trackingNumbers.includes(input.trackingNo)) return { accepted: true, trackingNo: input.trackingNo, alreadyRecorded: true };
      throw permanentError("shipment_refused", `${error.message}; check the courier code (from order.logisticsCompanyList) and the order's refund state`);
    }
  },
});

async function readShipments(http: HttpClient, gateway: string, orderId: string): Promise<{ status: number; trackingNumbers: string[] }> {
  let detail: OrderDetail;
  try {
    detail = await callDouyin<OrderDetail>(http, gateway, "order.orderDetail", { shop_order_id: orderId });
  } catch (error) {
    if (error instanceof DouyinRefusal) throw permanentError("unknown_order", `Douyin does not give order ${orderId}: ${error.message}`);
    throw error;
  }
  const order = detail?.shop_order_detail;
  if (!order || typeof order.order_status !== "number") throw permanentError("unknown_order", `Douyin has no order ${orderId} in this shop`);
  return { status: order.order_status, trackingNumbers: (order.logistics_info ?? []).map((l) => l.tracking_no ?? "").filter(Boolean) };
}
