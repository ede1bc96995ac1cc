import { Auth, Prop } from "@orderflow/connector-sdk";

export const settings = {
  shop: Prop.text({ label: { zh: "店铺编码", en: "Shop code" }, pattern: "^[A-Za-z0-9_-]+$" }),
  apiUrl: Prop.text({ label: { zh: "接口地址", en: "API URL" }, format: "uri" }),
  webhookSecret: Prop.secret({ label: { zh: "推送密钥", en: "Webhook secret" } }),
};
export const auth = Auth.bearer({});
export const allSettings = { ...settings, ...auth.props };
