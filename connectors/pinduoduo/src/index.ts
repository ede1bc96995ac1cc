export { pinduoduo } from "./connector";
export { PddOrderSchema, ORDER_STATUSES, toCanonicalOrder, orderEvent, type PddOrder } from "./pdd-order";
