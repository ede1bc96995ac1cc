export { tableRateCourier } from "./connector";
export { findZone, quoteParcel, zonePrice } from "./rate-table";
export { signPush, SIGNATURE_HEADER, TIMESTAMP_HEADER } from "./delivery-updates";
