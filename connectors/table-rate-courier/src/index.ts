export { tableRateCourier } from "./connector";
export { quoteParcel } from "./quote-parcel";
export { signPush, SIGNATURE_HEADER, TIMESTAMP_HEADER } from "./delivery-updates";
