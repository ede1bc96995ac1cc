export { jd } from "./connector";
export { JdOrderSchema, ORDER_STATES, toCanonicalOrder, orderEvent, type JdOrder } from "./jd-order";
