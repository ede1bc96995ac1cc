/**
 * @orderflow/courier-kit: what every courier connector shares. The five
 * actions' shapes (`quoteProps`, `createWaybillProps`… with their output
 * schemas), the tracking event kinds and how a courier's route codes become
 * `parcel.*` messages, `chooseBest` among quotes, the chargeable weight, the
 * order id sent to the courier, and the label PDF with its Code 128 barcode.
 */
export {
  COURIER_ACTIONS,
  quoteProps,
  QuoteSchema,
  QuoteOutputSchema,
  createWaybillProps,
  CreateWaybillOutputSchema,
  cancelWaybillProps,
  CancelWaybillOutputSchema,
  labelProps,
  LabelOutputSchema,
  trackProps,
  TrackOutputSchema,
  type Quote,
  type CreateWaybillInput,
  type CreateWaybillOutput,
  type LabelInput,
  type TrackOutput,
} from "./courier-actions";
export { addressProp, destinationProp, dimensionsProp, recipientProp, senderSetting, speedProp, trackingNoProp, weightProp } from "./courier-props";
export {
  TRACKING_KINDS,
  EXCEPTION_REASONS,
  TrackingEventSchema,
  TrackingStatusSchema,
  toTrackingEvent,
  sortTrackingEvents,
  currentStatus,
  parcelEventName,
  toParcelMessage,
  type TrackingKind,
  type ExceptionReason,
  type TrackingStatus,
  type TrackingEvent,
  type CourierRoute,
} from "./tracking-events";
export { chooseBest, type ChoiceRule, type Choice } from "./choose-best";
export { chargeableWeightKg, type Dimensions } from "./chargeable-weight";
export { courierOrderId } from "./courier-order-id";
export { promiseDate } from "./promise-date";
export { fromChinaTime } from "./china-time";
export { courierRefusal, FLOW_CONTROL_PAUSE_MS } from "./courier-refusal";
export { exceptionReasonInWords } from "./exception-words";
export { CODE128_PATTERNS, code128Symbols, code128Widths } from "./code128";
export { createLabelPdf, BARCODE_BEGIN, BARCODE_END, type LabelContent, type LabelParty } from "./label-pdf";
export { defineLabelAction } from "./label-action";
export { rateTableProps, optionalRateTableProps, quoteFromTable, findZone, zonePrice, type RateTable, type Zone, type Parcel } from "./rate-table";
