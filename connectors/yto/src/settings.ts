import { Auth, Prop } from "@orderflow/connector-sdk";
import { senderSetting } from "@orderflow/courier-kit";
import { callSignature, methodOf } from "./signature";

const address = (zh: string, en: string, method: string) =>
  Prop.text({
    label: { zh, en },
    description: {
      zh: `圆通开放平台控制台“接口管理”中该接口的地址（…/open/${method}/v1/…/客户编码）`,
      en: `This interface's address from the YTO console's interface list (…/open/${method}/v1/…/customer code)`,
    },
    format: "uri",
    pattern: `/open/${method}/`,
  });

/** What staff fill in when they connect their YTO customer account. */
export const settings = {
  shop: Prop.text({
    label: { zh: "账号编码", en: "Account code" },
    description: { zh: "在系统内区分这个圆通账号（限流与去重按它计）", en: "Tells this YTO account apart (rate budget and dedupe keys)" },
    pattern: "^[A-Za-z0-9_-]+$",
  }),
  sender: senderSetting,
  createUrl: address("下单接口地址", "Create-order address", "privacy_create_adapter"),
  cancelUrl: address("取消接口地址", "Cancel-order address", "korder_cancel_adapter"),
  trackUrl: address("轨迹查询接口地址", "Track-query address", "track_query_adapter"),
  productCode: Prop.select({
    label: { zh: "产品", en: "Product" },
    options: [
      { value: "PK", label: { zh: "普快", en: "Standard (PK)" } },
      { value: "YZD", label: { zh: "圆准达", en: "Time-definite (YZD)" } },
      { value: "HKJ", label: { zh: "航空件", en: "Air (HKJ)" } },
    ],
    default: "PK",
    required: false,
  }),
};

/**
 * Every call is `{timestamp, param, format, sign}` posted to the interface's
 * address; the hook stamps and signs the body the action built.
 */
export const auth = Auth.signed({
  props: {
    secret: Prop.secret({ label: { zh: "客户密钥", en: "Customer secret" }, description: { zh: "控制台中与客户编码配对的密钥（partnerId）", en: "The secret paired with the customer code in the YTO console (partnerId)" } }),
  },
  sign(request, { secret }, now) {
    const named = methodOf(request.url);
    const body = JSON.parse(request.body ?? "{}") as { param?: string };
    if (!named || typeof body.param !== "string") return request;
    return { ...request, body: JSON.stringify({ ...body, timestamp: now.getTime(), sign: callSignature(body.param, named.method, named.version, secret) }) };
  },
});

export const allSettings = { ...settings, ...auth.props };

/** The customer code: the last part of an interface's address (…/open/{method}/v1/{token}/{customer code}). */
export function customerCodeOf(address: string): string {
  return new URL(address).pathname.split("/").filter(Boolean).at(-1) ?? "";
}

/** Where create_waybill keeps a waybill's logisticsNo in the connector's store, for cancel_waybill. */
export function logisticsNoKey(mailNo: string): string {
  return `logisticsNo:${mailNo}`;
}
