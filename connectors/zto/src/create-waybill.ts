/**
 * Creates the ZTO order (zto.open.createOrder) and subscribes its waybill to
 * track pushes. The partner order code sent is derived from the step's
 * idempotency key; ZTO answers a repeated partner order code with the order
 * it already has, so a retry after a lost answer gets the first waybill back
 * instead of a second one.
 */
import { defineAction, permanentError } from "@orderflow/connector-sdk";
import { COURIER_ACTIONS, CreateWaybillOutputSchema, courierOrderId, createWaybillProps } from "@orderflow/courier-kit";
import { allSettings } from "./settings";
import { API, callZto } from "./zto-call";

export const COURIER_ID = "zto";

interface CreateResult {
  billCode?: string;
  orderCode?: string;
  partnerOrderCode?: string;
}

/** ZTO checks a phone's last four digits before it shows or pushes a waybill's traces. */
export const lastFour = (phone: string) => phone.replace(/\D/g, "").slice(-4);

export const createWaybill = defineAction({
  id: "create_waybill",
  name: COURIER_ACTIONS.create_waybill,
  description: { zh: "向中通下单取号并订阅轨迹推送；重试不会重复下单", en: "Creates the ZTO order, gets the waybill number and subscribes to its traces; a retry never creates a second order" },
  settings: allSettings,
  props: createWaybillProps,
  output: CreateWaybillOutputSchema,
  async run({ input, settings, http, idempotencyKey }) {
    const speed = input.speed ?? "standard";
    if (speed !== "standard") throw permanentError("speed_not_offered", `ZTO's order API ships standard only, not "${speed}": choose another courier for faster delivery`);
    const partnerOrderCode = courierOrderId(input.orderNo, idempotencyKey, 64);
    const { sender, recipient, address } = { sender: settings.sender, recipient: input.recipient, address: input.address };
    const result = await callZto<CreateResult>(http, API.createOrder, {
      partnerType: "2",
      orderType: settings.orderType,
      partnerOrderCode,
      accountInfo: { accountId: settings.accountId, accountPassword: settings.accountPassword, type: 1 },
      senderInfo: { senderName: sender.name, senderMobile: sender.phone, senderProvince: sender.province, senderCity: sender.city, senderDistrict: sender.district ?? "", senderAddress: sender.detail },
      receiveInfo: { receiverName: recipient.name, receiverMobile: recipient.phone, receiverProvince: address.province, receiverCity: address.city, receiverDistrict: address.district ?? "", receiverAddress: address.detail },
      summaryInfo: { quantity: 1, ...(input.dimensions ? { size: `${input.dimensions.lengthCm},${input.dimensions.widthCm},${input.dimensions.heightCm}` } : {}) },
      orderItems: [{ name: input.contents ?? "商品", weight: Math.round(input.weightKg * 1000), quantity: 1 }],
    });
    const trackingNo = result?.billCode;
    if (typeof trackingNo !== "string" || trackingNo === "") throw permanentError("bad_response", `ZTO accepted order ${partnerOrderCode} but named no billCode: check the e-waybill account's balance of numbers`);
    await callZto(http, API.subscribeTrack, { billCode: trackingNo, mobilePhone: lastFour(sender.phone) });
    return { courier: COURIER_ID, trackingNo, courierOrderId: partnerOrderCode, service: "standard" };
  },
});
