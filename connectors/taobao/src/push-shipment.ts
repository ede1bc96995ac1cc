/**
 * Marks a trade shipped on Taobao with `taobao.logistics.offline.send` (the
 * seller arranged the courier): TOP company code and tracking number.
 *
 * Pushing the same shipment twice must not fail the flow (a retry after a
 * lost answer does exactly that), but TOP has no idempotency key: it refuses
 * the second send because the trade has already left. So when TOP refuses a
 * send, the trade is read back: if it is consigned with this tracking number
 * (or TOP does not say which), the shipment is recorded and the step succeeds;
 * if it left with another tracking number, that is a clear refusal.
 */
import { defineAction, permanentError, Prop, settleRefusedShipment, Type } from "@orderflow/connector-sdk";
import { allSettings } from "./settings";
import { CONSIGNED_STATUSES } from "./taobao-trade";
import { callTop, TopApiError } from "./top-client";

interface FullinfoAnswer {
  trade?: { status?: string; orders?: { order?: { invoice_no?: string; logistics_company?: string }[] } };
}

export const pushShipment = defineAction({
  id: "push_shipment",
  name: { zh: "回传发货信息", en: "Push shipment" },
  description: { zh: "调用 taobao.logistics.offline.send 把快递公司编码与运单号回传淘宝/天猫，订单变为卖家已发货", en: "Sends the courier code and tracking number to Taobao/Tmall (taobao.logistics.offline.send); the trade becomes shipped" },
  settings: allSettings,
  props: {
    platformOrderNo: Prop.text({ label: { zh: "淘宝订单号 (tid)", en: "Taobao trade id (tid)" }, pattern: "^[0-9]+$" }),
    courier: Prop.text({
      label: { zh: "物流公司编码", en: "Courier code" },
      description: { zh: "淘宝的物流公司编码，如 SF、YTO、ZTO、STO、YUNDA、EMS", en: "Taobao's company code, e.g. SF, YTO, ZTO, STO, YUNDA, EMS" },
      pattern: "^[A-Za-z0-9_]+$",
      placeholder: "SF",
    }),
    trackingNo: Prop.text({ label: { zh: "运单号", en: "Tracking number" }, pattern: "^[A-Za-z0-9-]+$" }),
  },
  output: Type.Object({
    accepted: Type.Boolean({ title: "Accepted" }),
    alreadyShipped: Type.Boolean({ title: "Already shipped", description: "Taobao had already recorded this shipment (a repeated push)" }),
    platformOrderNo: Type.String({ title: "Trade id" }),
  }),
  async run({ input, settings, http }) {
    try {
      const answer = await callTop<{ shipping?: { is_success?: boolean } }>(http, settings, "taobao.logistics.offline.send", { tid: input.platformOrderNo, out_sid: input.trackingNo, company_code: input.courier.toUpperCase() }, { read: false });
      if (answer.shipping?.is_success !== true) throw permanentError("bad_response", `taobao.logistics.offline.send answered without shipping.is_success=true for trade ${input.platformOrderNo}: ${JSON.stringify(answer).slice(0, 200)}`);
      return { accepted: true, alreadyShipped: false, platformOrderNo: input.platformOrderNo };
    } catch (error) {
      if (!(error instanceof TopApiError) || error.retryable || error.code === "top_auth") throw error;
      // TOP refused the send for a business reason: read the trade to tell "already sent" from a real refusal.
      let trade: FullinfoAnswer["trade"];
      try {
        ({ trade } = await callTop<FullinfoAnswer>(http, settings, "taobao.trade.fullinfo.get", { tid: input.platformOrderNo, fields: "tid,status,orders.invoice_no,orders.logistics_company" }, { read: true }));
      } catch (readError) {
        if (readError instanceof TopApiError && readError.answer.sub_code === "isv.trade-not-exist") throw permanentError("unknown_order", `Taobao has no trade ${input.platformOrderNo}: check the trade id (${error.message})`);
        throw readError;
      }
      settleRefusedShipment(
        { shipped: trade?.status !== undefined && CONSIGNED_STATUSES.has(trade.status), trackingNumbers: (trade?.orders?.order ?? []).map((line) => line.invoice_no).filter((no): no is string => typeof no === "string") },
        { platform: "Taobao", order: `trade ${input.platformOrderNo}`, trackingNo: input.trackingNo, refusal: error.message },
      );
      return { accepted: true, alreadyShipped: true, platformOrderNo: input.platformOrderNo };
    }
  },
});
