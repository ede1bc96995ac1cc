export { sfExpress } from "./connector";
export { SF_ROUTE_CODES } from "./route-codes";
export { msgDigest, javaUrlEncode, pushHeaders } from "./signature";
