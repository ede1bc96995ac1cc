/**
 * The five courier actions every courier connector offers, with one input
 * and output shape each, so that a flow's `create_waybill` step reads the
 * same whichever courier it calls:
 *
 * | action | input | output |
 * | --- | --- | --- |
 * | `quote` | weight, dimensions?, destination, speed? | `quotes[]`: service, price, promised time |
 * | `create_waybill` | orderNo, weight, dimensions?, recipient, address, speed?, service?, contents? | courier, trackingNo, courierOrderId, service |
 * | `cancel_waybill` | waybillNo | trackingNo, cancelled |
 * | `label` | trackingNo, recipient, address, orderNo?, weight?, service? | a PDF, base64 |
 * | `track` | trackingNo | status and events (see tracking-events.ts) |
 *
 * A connector declares each with `defineAction({ id: "quote", props: quoteProps, output: QuoteOutputSchema, … })`.
 */
import { MONEY_PATTERN, Prop, Type, type PropsValue, type Static } from "@orderflow/connector-sdk";
import { addressProp, destinationProp, dimensionsProp, recipientProp, speedProp, trackingNoProp, weightProp } from "./courier-props";
import { TrackingEventSchema, TrackingStatusSchema } from "./tracking-events";

export const COURIER_ACTIONS = {
  quote: { zh: "运费报价", en: "Quote" },
  create_waybill: { zh: "下单取号（电子面单）", en: "Create waybill" },
  cancel_waybill: { zh: "取消运单", en: "Cancel waybill" },
  label: { zh: "打印面单", en: "Print label" },
  track: { zh: "查询物流轨迹", en: "Track parcel" },
} as const;

export const quoteProps = { weightKg: weightProp, dimensions: dimensionsProp, destination: destinationProp, speed: speedProp };

export const QuoteSchema = Type.Object({
  courier: Type.String({ title: "Courier", description: "The courier connector's id, e.g. sf_express" }),
  service: Type.String({ title: "Service", description: "The courier's product code, passed back to create_waybill as `service`" }),
  serviceName: Type.String({ title: "Service name" }),
  price: Type.String({ pattern: MONEY_PATTERN, title: "Price", description: "Decimal string in yuan, e.g. 23.00" }),
  currency: Type.String({ pattern: "^[A-Z]{3}$", title: "Currency" }),
  chargeableWeightKg: Type.Number({ title: "Chargeable weight (kg)", description: "The greater of actual and volumetric weight, as charged" }),
  promisedDays: Type.Integer({ minimum: 0, title: "Promised days", description: "0 for same-day delivery" }),
  promisedBy: Type.String({ format: "date-time", title: "Promised by", description: "When the courier promises delivery at the latest" }),
});
export type Quote = Static<typeof QuoteSchema>;

export const QuoteOutputSchema = Type.Object({ quotes: Type.Array(QuoteSchema, { title: "Quotes" }) });

export const createWaybillProps = {
  orderNo: Prop.text({ label: { zh: "订单号", en: "Order number" }, minLength: 1 }),
  weightKg: weightProp,
  dimensions: dimensionsProp,
  recipient: recipientProp,
  address: addressProp,
  speed: speedProp,
  service: Prop.text({ label: { zh: "产品编码", en: "Service code" }, description: { zh: "报价返回的 service；不填按时效选择", en: "A quote's service; by default chosen from the speed" }, required: false }),
  contents: Prop.text({ label: { zh: "物品名称", en: "Contents" }, required: false, default: "商品" }),
};
export type CreateWaybillInput = PropsValue<typeof createWaybillProps>;

export const CreateWaybillOutputSchema = Type.Object({
  courier: Type.String({ title: "Courier", description: "The courier connector's id" }),
  trackingNo: Type.String({ title: "Tracking number", description: "The waybill number, printed on the label and used to track the parcel" }),
  courierOrderId: Type.String({ title: "Courier order id", description: "The order id sent to the courier: the same for every retry of the step" }),
  service: Type.String({ title: "Service" }),
});
export type CreateWaybillOutput = Static<typeof CreateWaybillOutputSchema>;

export const cancelWaybillProps = { waybillNo: trackingNoProp };

export const CancelWaybillOutputSchema = Type.Object({
  trackingNo: Type.String({ title: "Tracking number" }),
  cancelled: Type.Boolean({ title: "Cancelled" }),
});

export const labelProps = {
  trackingNo: trackingNoProp,
  recipient: recipientProp,
  address: addressProp,
  orderNo: Prop.text({ label: { zh: "订单号", en: "Order number" }, required: false }),
  weightKg: Prop.number({ label: { zh: "重量（千克）", en: "Weight (kg)" }, minimum: 0.001, required: false }),
  service: Prop.text({ label: { zh: "产品", en: "Service" }, required: false }),
};
export type LabelInput = PropsValue<typeof labelProps>;

export const LabelOutputSchema = Type.Object({
  trackingNo: Type.String({ title: "Tracking number" }),
  fileName: Type.String({ title: "File name" }),
  contentType: Type.Literal("application/pdf", { title: "Content type" }),
  pdfBase64: Type.String({ title: "PDF (base64)", contentEncoding: "base64", contentMediaType: "application/pdf" }),
});

export const trackProps = { trackingNo: trackingNoProp };

export const TrackOutputSchema = Type.Object({
  trackingNo: Type.String({ title: "Tracking number" }),
  status: Type.Union([TrackingStatusSchema, Type.Null()], { title: "Status", description: "The latest event's status; null before the courier has the parcel" }),
  delivered: Type.Boolean({ title: "Delivered" }),
  events: Type.Array(TrackingEventSchema, { title: "Events", description: "Oldest first" }),
});
export type TrackOutput = Static<typeof TrackOutputSchema>;
