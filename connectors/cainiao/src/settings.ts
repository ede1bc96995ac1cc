import { Auth, Prop } from "@orderflow/connector-sdk";
import { senderSetting } from "@orderflow/courier-kit";
import { dataDigest } from "./signature";

export const DEFAULT_GATEWAY = "https://link.cainiao.com/gateway/link.do";

/** What staff fill in when they connect their Cainiao e-waybill account. */
export const settings = {
  shop: Prop.text({
    label: { zh: "账号编码", en: "Account code" },
    description: { zh: "在系统内区分这个菜鸟账号（限流与去重按它计）", en: "Tells this Cainiao account apart (rate budget and dedupe keys)" },
    pattern: "^[A-Za-z0-9_-]+$",
  }),
  sender: senderSetting,
  gatewayUrl: Prop.text({
    label: { zh: "网关地址", en: "Gateway URL" },
    description: { zh: "菜鸟 LINK 网关；测试环境填沙箱地址", en: "The Cainiao LINK gateway; the sandbox's address for testing" },
    format: "uri",
    default: DEFAULT_GATEWAY,
  }),
  cpCode: Prop.text({
    label: { zh: "快递公司编码", en: "Courier code (cpCode)" },
    description: { zh: "面单所属快递公司，如 YTO、ZTO、STO、YUNDA", en: "The courier whose e-waybills are issued, e.g. YTO, ZTO, STO, YUNDA" },
    pattern: "^[A-Z0-9_]+$",
  }),
  templateUrl: Prop.text({
    label: { zh: "云打印模板地址", en: "Cloud-print template URL" },
    description: { zh: "菜鸟标准模板或自定义模板的地址", en: "The URL of a Cainiao standard or custom template" },
    format: "uri",
  }),
  userId: Prop.text({ label: { zh: "使用者 ID", en: "User id" }, description: { zh: "面单使用者（商家）的菜鸟用户 ID", en: "The Cainiao user id of the merchant using the waybills" }, required: false }),
};

/**
 * LINK signs inside the form: the hook adds `logistic_provider_id` (the
 * resource code from the account's authorisation) and `data_digest` to the
 * form the action built with `msg_type` and `logistics_interface`.
 */
export const auth = Auth.signed({
  props: {
    logisticProviderId: Prop.text({ label: { zh: "资源编码 (logistic_provider_id)", en: "Resource code (logistic_provider_id)" } }),
    appSecret: Prop.secret({ label: { zh: "App Secret", en: "App secret" }, description: { zh: "签名 data_digest 用的密钥", en: "The secret that signs data_digest" } }),
  },
  sign(request, { logisticProviderId, appSecret }) {
    const form = new URLSearchParams(request.body ?? "");
    const content = form.get("logistics_interface") ?? "";
    form.set("logistic_provider_id", logisticProviderId);
    form.set("data_digest", dataDigest(content, appSecret));
    return { ...request, body: form.toString() };
  },
});

export const allSettings = { ...settings, ...auth.props };
