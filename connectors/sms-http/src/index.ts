export { smsHttp } from "./connector";
export { fillTemplate, providerRequest, readAnswer, type SmsSettings, type SmsValues } from "./provider-request";
