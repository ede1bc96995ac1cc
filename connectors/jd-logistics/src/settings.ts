import { Auth, Prop } from "@orderflow/connector-sdk";
import { senderSetting } from "@orderflow/courier-kit";
import { LOP_ALGORITHM, LOP_VERSION, lopSignature, lopTimestamp } from "./signature";

/** JD Logistics' express products (产品编码). */
export const PRODUCTS = {
  "ed-m-0001": { zh: "京东标快", en: "JD Standard", days: 3 },
  "ed-m-0002": { zh: "京东特快", en: "JD Express", days: 1 },
} as const;
export type ProductCode = keyof typeof PRODUCTS;

/** What staff fill in when they connect their JD Logistics account. */
export const settings = {
  shop: Prop.text({
    label: { zh: "账号编码", en: "Account code" },
    description: { zh: "在系统内区分这个京东物流账号（限流与去重按它计）", en: "Tells this JD Logistics account apart (rate budget and dedupe keys)" },
    pattern: "^[A-Za-z0-9_-]+$",
  }),
  sender: senderSetting,
  baseUrl: Prop.text({
    label: { zh: "接口地址", en: "API address" },
    description: { zh: "京东物流开放平台网关；测试环境填 UAT 地址", en: "The JD Logistics open-platform gateway; the UAT address for testing" },
    format: "uri",
    default: "https://api.jdl.com",
  }),
  customerCode: Prop.text({ label: { zh: "商家编码", en: "Customer code" }, description: { zh: "京东物流签约的月结编码", en: "The monthly-settlement customer code of the JD Logistics contract" }, minLength: 1 }),
  standardProduct: Prop.select({
    label: { zh: "标准时效产品", en: "Product for standard speed" },
    options: (Object.keys(PRODUCTS) as ProductCode[]).map((value) => ({ value, label: { zh: PRODUCTS[value].zh, en: PRODUCTS[value].en } })),
    default: "ed-m-0001",
    required: false,
  }),
};

/** LOP signs in the query string: the hook adds the public parameters and the signature over the body the action built. */
export const auth = Auth.signed({
  props: {
    appKey: Prop.text({ label: { zh: "App Key", en: "App key" } }),
    appSecret: Prop.secret({ label: { zh: "App Secret", en: "App secret" } }),
    accessToken: Prop.secret({ label: { zh: "访问令牌 (access_token)", en: "Access token" }, description: { zh: "商家授权后得到的 access_token", en: "The access_token from the merchant's authorisation" } }),
  },
  sign(request, { appKey, appSecret, accessToken }, now) {
    const url = new URL(request.url);
    const timestamp = lopTimestamp(now);
    const sign = lopSignature({ appKey, appSecret, accessToken, path: url.pathname, body: request.body ?? "", timestamp });
    for (const [name, value] of Object.entries({ "LOP-DN": "ECAP", app_key: appKey, access_token: accessToken, timestamp, v: LOP_VERSION, sign, algorithm: LOP_ALGORITHM })) url.searchParams.set(name, value);
    return { ...request, url, headers: { ...request.headers, "lop-tz": "8" } };
  },
});

export const allSettings = { ...settings, ...auth.props };
