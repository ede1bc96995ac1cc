export { jdLogistics } from "./connector";
export { lopSignature, lopTimestamp } from "./signature";
export { readTraceNode } from "./jd-trace";
