/**
 * Places the order with SF (EXP_RECE_CREATE_ORDER) and returns its waybill
 * number. The order id sent to SF is derived from the step's idempotency
 * key, and SF refuses a second order with the same id (8016, 重复下单): so
 * when an earlier attempt did create the order but its answer was lost,
 * the retry is refused as a duplicate and reads the first order's waybill
 * back (EXP_RECE_SEARCH_ORDER_RESP). A step never makes two waybills.
 */
import { defineAction, permanentError, ConnectorError } from "@orderflow/connector-sdk";
import { COURIER_ACTIONS, CreateWaybillOutputSchema, courierOrderId, createWaybillProps } from "@orderflow/courier-kit";
import { DEFAULT_PRODUCTS, allSettings } from "./settings";
import { callSf, SERVICE } from "./sf-call";

export const COURIER_ID = "sf_express";
/** SF's errorCode for an order id it already has. */
export const DUPLICATE_ORDER = "8016";

interface OrderResult {
  orderId?: string;
  waybillNoInfoList?: { waybillType?: number; waybillNo?: string }[];
  filterResult?: number | string;
}

export const waybillOrderKey = (trackingNo: string) => `waybill:${trackingNo}`;

export const createWaybill = defineAction({
  id: "create_waybill",
  name: COURIER_ACTIONS.create_waybill,
  description: { zh: "向顺丰下单并取运单号；重试不会重复下单", en: "Places the order with SF and gets the waybill number; a retry never places a second order" },
  settings: allSettings,
  props: createWaybillProps,
  output: CreateWaybillOutputSchema,
  async run({ input, settings, http, store, idempotencyKey }) {
    const orderId = courierOrderId(input.orderNo, idempotencyKey, 64);
    const product = input.service ?? { ...DEFAULT_PRODUCTS, ...settings.products }[input.speed ?? "standard"];
    const { sender } = settings;
    const order = {
      language: "zh-CN",
      orderId,
      monthlyCard: settings.monthlyCard,
      expressTypeId: Number(product),
      payMethod: 1,
      parcelQty: 1,
      totalWeight: input.weightKg,
      ...(input.dimensions ? { volume: input.dimensions.lengthCm * input.dimensions.widthCm * input.dimensions.heightCm } : {}),
      isReturnRoutelabel: 0,
      cargoDetails: [{ name: input.contents ?? "商品", count: 1, weight: input.weightKg }],
      contactInfoList: [
        { contactType: 1, contact: sender.name, tel: sender.phone, country: "CN", province: sender.province, city: sender.city, county: sender.district ?? "", address: sender.detail },
        { contactType: 2, contact: input.recipient.name, tel: input.recipient.phone, country: "CN", province: input.address.province, city: input.address.city, county: input.address.district ?? "", address: input.address.detail, ...(input.address.postalCode ? { postCode: input.address.postalCode } : {}) },
      ],
    };
    let result: OrderResult;
    try {
      result = await callSf<OrderResult>(http, SERVICE.createOrder, order);
    } catch (error) {
      if (!(error instanceof ConnectorError && error.code === `sf_${DUPLICATE_ORDER}`)) throw error;
      result = await callSf<OrderResult>(http, SERVICE.searchOrder, { orderId, searchType: "1", language: "zh-CN" });
    }
    if (String(result.filterResult ?? "") === "3") throw permanentError("not_deliverable", `SF does not collect or deliver to ${input.address.province} ${input.address.city} ${input.address.detail} (filterResult 3): choose another courier`);
    const trackingNo = (result.waybillNoInfoList ?? []).find((w) => (w.waybillType ?? 1) === 1)?.waybillNo;
    if (typeof trackingNo !== "string" || trackingNo === "") throw permanentError("bad_response", `SF accepted order ${orderId} but named no waybill (waybillNoInfoList): ask SF to check the account's e-waybill setting`);
    // Cancelling goes by SF's order id; the flow only keeps the waybill number.
    await store.set(waybillOrderKey(trackingNo), { orderId });
    return { courier: COURIER_ID, trackingNo, courierOrderId: orderId, service: String(product) };
  },
});
