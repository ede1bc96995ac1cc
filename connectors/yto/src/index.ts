export { yto } from "./connector";
export { callSignature, pushDigest } from "./signature";
export { YTO_CODES } from "./track-codes";
