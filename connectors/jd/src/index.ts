export { jd } from "./connector";
export { josSign, josSignatureProblem, toJdTime, fromJdTime } from "./jos-signature";
export { JdOrderSchema, ORDER_STATES, toCanonicalOrder, orderEvent, type JdOrder } from "./jd-order";
