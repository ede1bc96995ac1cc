import { Prop } from "@orderflow/connector-sdk";
import { douyinAuth } from "./douyin-auth";

export const DEFAULT_GATEWAY = "https://openapi-fxg.jinritemai.com";

/** What staff fill in when they connect a Douyin shop. */
export const settings = {
  shop: Prop.text({ label: { zh: "店铺 ID", en: "Shop id" }, description: { zh: "抖店的店铺 ID（shop_id）", en: "The Douyin shop's shop_id" }, pattern: "^[0-9]+$" }),
  gatewayUrl: Prop.text({
    label: { zh: "开放平台网关", en: "Open platform gateway" },
    description: { zh: "通常不填；沙箱或模拟器时填写", en: "Usually empty; set for the sandbox or the simulator" },
    format: "uri",
    placeholder: DEFAULT_GATEWAY,
    required: false,
  }),
};

export const auth = douyinAuth;

/** Settings and credentials together, for typing actions and triggers. */
export const allSettings = { ...settings, ...auth.props };

export function gatewayOf(settings: { gatewayUrl?: string | undefined }): string {
  return (settings.gatewayUrl ?? DEFAULT_GATEWAY).replace(/\/+$/, "");
}
