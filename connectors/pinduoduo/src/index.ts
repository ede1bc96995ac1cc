export { pinduoduo } from "./connector";
export { popSign, popSignatureProblem, fromPddTime, toPddTime } from "./pop-signature";
export { PddOrderSchema, ORDER_STATUSES, toCanonicalOrder, orderEvent, type PddOrder } from "./pdd-order";
