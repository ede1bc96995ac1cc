/**
 * Marks a Pinduoduo order shipped with `pdd.logistics.online.send`: PDD's
 * courier id (logistics_id) and the tracking number.
 *
 * Pushing the same shipment twice must not fail the flow (a retry after a
 * lost answer does exactly that), but PDD takes no idempotency key and
 * refuses to ship an order that has left. So when PDD refuses a send, the
 * order is read back (`pdd.order.information.get`): shipped with this
 * tracking number (or PDD does not say which) → the shipment is recorded and
 * the step succeeds; shipped with another tracking number → a clear refusal.
 */
import { defineAction, permanentError, Prop, settleRefusedShipment, Type } from "@orderflow/connector-sdk";
import { callPop, PopApiError } from "./pop-client";
import { allSettings } from "./settings";

interface OrderInfoAnswer {
  order_info?: { order_sn?: string; order_status?: number; tracking_number?: string; logistics_id?: number | string };
}

/** 2 已发货待签收, 3 已签收. */
const SHIPPED = new Set([2, 3]);

export const pushShipment = defineAction({
  id: "push_shipment",
  name: { zh: "回传发货信息", en: "Push shipment" },
  description: { zh: "调用 pdd.logistics.online.send 把快递公司编号与运单号回传拼多多，订单变为已发货", en: "Sends the courier id and tracking number to Pinduoduo (pdd.logistics.online.send); the order becomes shipped" },
  settings: allSettings,
  props: {
    platformOrderNo: Prop.text({ label: { zh: "拼多多订单号", en: "Pinduoduo order number" }, pattern: "^[0-9]+-[0-9]+$", placeholder: "261122-123456789012345" }),
    courier: Prop.text({
      label: { zh: "快递公司编号 (logistics_id)", en: "Courier id (logistics_id)" },
      description: { zh: "拼多多的快递公司编号（数字），由 pdd.logistics.companies.get 列出", en: "PDD's numeric courier id, as listed by pdd.logistics.companies.get" },
      pattern: "^[0-9]+$",
    }),
    trackingNo: Prop.text({ label: { zh: "运单号", en: "Tracking number" }, pattern: "^[A-Za-z0-9-]+$" }),
  },
  output: Type.Object({
    accepted: Type.Boolean({ title: "Accepted" }),
    alreadyShipped: Type.Boolean({ title: "Already shipped", description: "Pinduoduo had already recorded this shipment (a repeated push)" }),
    platformOrderNo: Type.String({ title: "Order number" }),
  }),
  async run({ input, settings, http }) {
    try {
      const answer = await callPop<{ is_success?: boolean }>(http, settings, "pdd.logistics.online.send", "logistics_online_send_response", { order_sn: input.platformOrderNo, logistics_id: input.courier, tracking_number: input.trackingNo }, { read: false });
      if (answer.is_success !== true) throw permanentError("bad_response", `pdd.logistics.online.send answered without is_success=true for order ${input.platformOrderNo}: ${JSON.stringify(answer).slice(0, 200)}`);
      return { accepted: true, alreadyShipped: false, platformOrderNo: input.platformOrderNo };
    } catch (error) {
      if (!(error instanceof PopApiError) || error.retryable || error.code === "pdd_auth") throw error;
      // PDD refused the send for a business reason: read the order to tell "already sent" from a real refusal.
      let info: OrderInfoAnswer["order_info"];
      try {
        ({ order_info: info } = await callPop<OrderInfoAnswer>(http, settings, "pdd.order.information.get", "order_info_get_response", { order_sn: input.platformOrderNo }, { read: true }));
      } catch (readError) {
        if (readError instanceof PopApiError && !readError.retryable && readError.code !== "pdd_auth") throw permanentError("unknown_order", `Pinduoduo cannot find order ${input.platformOrderNo}: check the order number (${readError.message})`);
        throw readError;
      }
      settleRefusedShipment(
        { shipped: info?.order_status !== undefined && SHIPPED.has(info.order_status), trackingNumbers: info?.tracking_number ? [info.tracking_number] : [] },
        { platform: "Pinduoduo", order: `order ${input.platformOrderNo}`, trackingNo: input.trackingNo, refusal: error.message },
      );
      return { accepted: true, alreadyShipped: true, platformOrderNo: input.platformOrderNo };
    }
  },
});
