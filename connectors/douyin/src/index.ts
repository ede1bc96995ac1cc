export { douyin } from "./connector";
export { apiSign, messageSign, paramJson, beijingTimestamp, EVENT_SIGN_HEADER, APP_ID_HEADER } from "./douyin-signing";
export { DouyinOrderSchema, ORDER_STATUSES, toCanonicalOrder, type DouyinOrder } from "./douyin-order";
