/**
 * What staff fill in for SF Express: the gateway (sandbox or production),
 * the customer code and check word from 丰桥 (the auth), the monthly account
 * that pays, the warehouse that ships, and the SF product used for each
 * delivery speed.
 */
import { Auth, Prop, type PropsValue } from "@orderflow/connector-sdk";
import { senderSetting } from "@orderflow/courier-kit";
import { signedForm } from "./signature";
import { randomUUID } from "node:crypto";

const product = (label: { zh: string; en: string }, fallback: string) => Prop.text({ label, pattern: "^[0-9]{1,4}$", default: fallback, required: false });

export const settings = {
  baseUrl: Prop.text({ label: { zh: "接口地址", en: "API gateway" }, description: { zh: "沙箱 https://sfapi-sbox.sf-express.com，生产 https://sfapi.sf-express.com", en: "Sandbox https://sfapi-sbox.sf-express.com, production https://sfapi.sf-express.com" }, format: "uri", default: "https://sfapi.sf-express.com" }),
  monthlyCard: Prop.text({ label: { zh: "月结卡号", en: "Monthly account" }, pattern: "^[0-9]{6,20}$" }),
  sender: senderSetting,
  products: Prop.object({
    label: { zh: "各时效使用的顺丰产品（expressTypeId）", en: "SF product per speed (expressTypeId)" },
    required: false,
    props: {
      standard: product({ zh: "标准", en: "Standard" }, "2"),
      express: product({ zh: "加急", en: "Express" }, "1"),
      next_day: product({ zh: "次日达", en: "Next day" }, "1"),
      same_day: product({ zh: "当日达", en: "Same day" }, "6"),
    },
  }),
};

/** 顾客编码 and 校验码 from the 丰桥 console; each call is signed anew, with a fresh timestamp and request id. */
export const auth = Auth.signed({
  props: {
    partnerId: Prop.text({ label: { zh: "顾客编码", en: "Customer code (partnerID)" }, minLength: 1 }),
    checkword: Prop.secret({ label: { zh: "校验码", en: "Check word" } }),
  },
  sign(request, { partnerId, checkword }, now) {
    const form = new URLSearchParams(request.body ?? "");
    const body = signedForm({ partnerID: partnerId, requestID: randomUUID(), serviceCode: form.get("serviceCode") ?? "", timestamp: String(now.getTime()), msgData: form.get("msgData") ?? "" }, checkword);
    return { ...request, body };
  },
});

export const allSettings = { ...settings, ...auth.props };
export type SfSettings = PropsValue<typeof allSettings>;

export const DEFAULT_PRODUCTS = { standard: "2", express: "1", next_day: "1", same_day: "6" } as const;
