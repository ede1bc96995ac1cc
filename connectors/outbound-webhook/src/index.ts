export { outboundWebhook } from "./connector";
export { signatureHeaders, signatureProblem, SIGNATURE_HEADER, TIMESTAMP_HEADER } from "./signature";
export type { OutboundEvent } from "./deliver-event";
