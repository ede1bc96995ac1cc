/**
 * Asks SF for its delivery time and price (EXP_RECE_QUERY_DELIVERTM) from
 * the warehouse to the destination: one quote per SF product it offers, or
 * only the product of the speed asked.
 */
import { defineAction, toMoney } from "@orderflow/connector-sdk";
import { chargeableWeightKg, COURIER_ACTIONS, QuoteOutputSchema, quoteProps, type Quote } from "@orderflow/courier-kit";
import { COURIER_ID } from "./create-waybill";
import { DEFAULT_PRODUCTS, allSettings } from "./settings";
import { callSf, fromSfTime, SERVICE, toSfTime } from "./sf-call";

interface DeliverTimeResult {
  deliverTmDto?: { businessType?: string | number; businessTypeDesc?: string; deliverTime?: string; fee?: number | string }[];
}

/** SF's volumetric divisor for its express products in mainland China. */
const VOLUMETRIC_DIVISOR = 6000;

export const quote = defineAction({
  id: "quote",
  name: COURIER_ACTIONS.quote,
  settings: allSettings,
  props: quoteProps,
  output: QuoteOutputSchema,
  async run({ input, settings, http, clock }) {
    const now = clock();
    const product = input.speed ? { ...DEFAULT_PRODUCTS, ...settings.products }[input.speed] : undefined;
    const { sender } = settings;
    const weight = chargeableWeightKg(input.weightKg, input.dimensions, { divisor: VOLUMETRIC_DIVISOR, stepKg: 0.1 });
    const result = await callSf<DeliverTimeResult>(http, SERVICE.deliverTime, {
      ...(product ? { businessType: product } : {}),
      weight,
      ...(input.dimensions ? { volume: input.dimensions.lengthCm * input.dimensions.widthCm * input.dimensions.heightCm } : {}),
      consignedTime: toSfTime(now),
      searchPrice: "1",
      srcAddress: { province: sender.province, city: sender.city, district: sender.district ?? "", address: sender.detail },
      destAddress: { province: input.destination.province, city: input.destination.city, district: input.destination.district ?? "", address: input.destination.detail ?? "" },
    });
    const today = Date.parse(`${toSfTime(now).slice(0, 10)}T00:00:00+08:00`);
    const quotes: Quote[] = (result.deliverTmDto ?? []).flatMap((offer) => {
      if (offer.fee === undefined || typeof offer.deliverTime !== "string" || offer.businessType === undefined) return [];
      // deliverTime may be a range "from,to"; the promise is its end.
      const promisedBy = fromSfTime(offer.deliverTime.split(",").at(-1)!);
      return [{
        courier: COURIER_ID,
        service: String(offer.businessType),
        serviceName: offer.businessTypeDesc ?? `SF ${offer.businessType}`,
        price: toMoney(offer.fee),
        currency: "CNY",
        chargeableWeightKg: weight,
        promisedDays: Math.max(0, Math.floor((Date.parse(promisedBy) - today) / 86_400_000)),
        promisedBy,
      }];
    });
    return { quotes };
  },
});
