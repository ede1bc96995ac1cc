import { Auth, Prop } from "@orderflow/connector-sdk";

/** The Admin API version orderflow was written against; a shop may pin a newer one. */
export const DEFAULT_API_VERSION = "2025-10";

/** What staff fill in when they connect a Shopify store. */
export const settings = {
  shop: Prop.text({
    label: { zh: "店铺域名", en: "Shop domain" },
    description: { zh: "Shopify 店铺的 myshopify.com 域名", en: "The store's myshopify.com domain" },
    pattern: "^[a-z0-9][a-z0-9-]*\\.myshopify\\.com$",
    placeholder: "tea-house.myshopify.com",
  }),
  apiVersion: Prop.text({
    label: { zh: "Admin API 版本", en: "Admin API version" },
    description: { zh: "形如 2025-10；不填则用本连接器开发时的版本", en: "Such as 2025-10; the version this connector was written against when empty" },
    pattern: "^\\d{4}-(01|04|07|10)$",
    required: false,
  }),
  adminUrl: Prop.text({
    label: { zh: "Admin API 地址", en: "Admin API URL" },
    description: {
      zh: "GraphQL 接口的完整地址；通常不填（由店铺域名与版本得出），仅用于代理或模拟器",
      en: "The full GraphQL endpoint; usually empty (derived from the domain and version), set only for a proxy or the simulator",
    },
    format: "uri",
    required: false,
  }),
  webhookSecret: Prop.secret({
    label: { zh: "Webhook 签名密钥", en: "Webhook signing secret" },
    description: { zh: "应用的 Client secret，Shopify 用它签名每次推送", en: "The app's client secret, with which Shopify signs every delivery" },
  }),
  notifyCustomer: Prop.boolean({
    label: { zh: "发货时通知买家", en: "Notify the customer on shipment" },
    description: { zh: "由 Shopify 给买家发送发货邮件", en: "Shopify emails the customer the shipment" },
    default: false,
    required: false,
  }),
};

/** A custom app's Admin API access token, sent as Shopify asks: the bare token in X-Shopify-Access-Token. */
export const auth = Auth.bearer({ header: "X-Shopify-Access-Token", scheme: "" });

/** Settings and credentials together, for typing actions and triggers. */
export const allSettings = { ...settings, ...auth.props };

/** The GraphQL Admin API endpoint of an installation. */
export function adminEndpoint(settings: { shop: string; apiVersion?: string | undefined; adminUrl?: string | undefined }): string {
  return settings.adminUrl ?? `https://${settings.shop}/admin/api/${settings.apiVersion ?? DEFAULT_API_VERSION}/graphql.json`;
}
