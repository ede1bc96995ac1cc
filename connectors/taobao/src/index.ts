export { taobao } from "./connector";
export { topSign, topSignatureProblem, type TopSignMethod } from "./top-signature";
export { TaobaoTradeSchema, TRADE_STATUSES, toCanonicalOrder, tradeEvent, type TaobaoTrade } from "./taobao-trade";
