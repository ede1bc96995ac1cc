export { zto } from "./connector";
export { ZTO_TRACE_ACTIONS } from "./track-actions";
export { dataDigest } from "./signature";
