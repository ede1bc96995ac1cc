/**
 * Quotes JD's products for a parcel with JD's own pre-check
 * (/ecap/v1/orders/precheck): its estimated freight and promised delivery.
 * Without a speed it quotes every product, so a rule can weigh price
 * against time; with one, the product create_waybill would use for it.
 */
import { chargeableWeightKg, COURIER_ACTIONS, promiseDate, QuoteOutputSchema, quoteProps, type Quote } from "@orderflow/courier-kit";
import { defineAction, permanentError, toMoney } from "@orderflow/connector-sdk";
import { cargo, fullAddress, productFor, senderContact } from "./jd-order";
import { ORDER_ORIGIN, PATHS, type JdPrecheckData, type JdPrecheckRequest } from "./jd-messages";
import { callLop } from "./lop-api";
import { allSettings, PRODUCTS, type ProductCode } from "./settings";

const CHINA_DAY_MS = 86_400_000;

export const quote = defineAction({
  id: "quote",
  name: COURIER_ACTIONS.quote,
  description: { zh: "用京东物流下单前校验估算运费与承诺时效", en: "Estimates freight and promised delivery with JD's order pre-check" },
  settings: allSettings,
  props: quoteProps,
  output: QuoteOutputSchema,
  async run({ input, settings, http, clock }) {
    const products: ProductCode[] = input.speed === undefined ? (Object.keys(PRODUCTS) as ProductCode[]) : [productFor(input.speed, settings.standardProduct ?? "ed-m-0001")];
    const quotes: Quote[] = [];
    for (const productCode of products) {
      const request: JdPrecheckRequest = {
        senderContact: senderContact(settings.sender),
        // Pre-check needs a receiver; a quote knows only where the parcel goes.
        receiverContact: { name: "收件人", mobile: "00000000000", fullAddress: fullAddress(input.destination) },
        orderOrigin: ORDER_ORIGIN,
        customerCode: settings.customerCode,
        productsReq: { productCode },
        cargoes: [cargo("商品", input.weightKg, input.dimensions)],
      };
      const data = await callLop<JdPrecheckData>(http, settings.baseUrl, PATHS.precheck, request);
      if (typeof data.totalFreightPre !== "number") throw permanentError("bad_response", `JD's pre-check for ${productCode} answered without an estimated freight (data.totalFreightPre)`);
      const now = clock();
      const promisedAt = typeof data.deliveryPromiseTime === "number" ? new Date(data.deliveryPromiseTime) : null;
      const promisedDays = promisedAt ? Math.max(0, Math.round((chinaDay(promisedAt) - chinaDay(now)) / CHINA_DAY_MS)) : PRODUCTS[productCode].days;
      quotes.push({
        courier: "jd_logistics",
        service: productCode,
        serviceName: PRODUCTS[productCode].zh,
        price: toMoney(data.totalFreightPre),
        currency: "CNY",
        // JD charges the greater of actual and volumetric weight (length × width × height / 8000), in steps of 0.1 kg.
        chargeableWeightKg: chargeableWeightKg(input.weightKg, input.dimensions, { divisor: 8000, stepKg: 0.1 }),
        promisedDays,
        promisedBy: promiseDate(now, promisedDays),
      });
    }
    return { quotes };
  },
});

/** The start of a moment's day in China time, in ms since the epoch. */
function chinaDay(at: Date): number {
  const shifted = at.getTime() + 8 * 3_600_000;
  return shifted - (shifted % CHINA_DAY_MS);
}
