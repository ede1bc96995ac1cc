import { Auth, Prop } from "@orderflow/connector-sdk";
import { signatureHeaders } from "./signature";

/** What staff fill in: where events go. */
export const settings = {
  url: Prop.text({
    label: { zh: "接收地址", en: "Receiver URL" },
    description: { zh: "事件以签名 JSON 的 POST 发往此地址", en: "Events are POSTed here as signed JSON" },
    format: "uri",
    placeholder: "https://erp.example.com/hooks/orderflow",
  }),
  source: Prop.text({
    label: { zh: "来源名", en: "Source name" },
    description: { zh: "写入每个事件的 source 字段，供接收方区分", en: "Put in each event's source field, so the receiver can tell senders apart" },
    pattern: "^[A-Za-z0-9_.-]+$",
    default: "orderflow",
    required: false,
  }),
};

export const auth = Auth.signed({
  props: { secret: Prop.secret({ label: { zh: "签名密钥", en: "Signing secret" }, description: { zh: "与接收方共享的 HMAC 密钥", en: "The HMAC secret shared with the receiver" } }) },
  sign(request, { secret }, now) {
    return { ...request, headers: { ...request.headers, ...signatureHeaders(secret, now, request.body ?? "") } };
  },
});

export const allSettings = { ...settings, ...auth.props };
