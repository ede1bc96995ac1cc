export { cainiao } from "./connector";
export { dataDigest } from "./signature";
export { CAINIAO_STATUSES } from "./track-codes";
