import { Auth, Prop } from "@orderflow/connector-sdk";
import { signatureHeaders } from "./signature";

/** What staff fill in when they connect their shop's site. */
export const settings = {
  shop: Prop.text({ label: { zh: "店铺编码", en: "Shop code" }, description: { zh: "在订单中心区分店铺", en: "Tells this shop apart in the order centre" }, pattern: "^[A-Za-z0-9_-]+$" }),
  shipmentUrl: Prop.text({
    label: { zh: "发货回传地址", en: "Shipment URL" },
    description: { zh: "商城接收发货信息（快递公司与运单号）的地址", en: "Where the shop's site takes shipments (courier and tracking number)" },
    format: "uri",
    placeholder: "https://shop.example.com/api/orderflow/shipments",
  }),
  ordersUrl: Prop.text({
    label: { zh: "订单查询地址", en: "Orders URL" },
    description: { zh: "用于定时对账、补齐漏推的订单；不填则不对账", en: "Lists orders for the periodic reconciliation that backfills missed webhooks; leave empty for none" },
    format: "uri",
    required: false,
  }),
  replayWindowSeconds: Prop.integer({
    label: { zh: "签名有效期（秒）", en: "Signature window (s)" },
    description: { zh: "超过此时长的请求视为重放并拒绝", en: "Requests signed longer ago than this are refused as replays" },
    minimum: 30,
    maximum: 3600,
    default: 300,
    required: false,
  }),
};

/** One shared secret signs both ways (see signature.ts). */
export const auth = Auth.signed({
  props: { secret: Prop.secret({ label: { zh: "签名密钥", en: "Signing secret" }, description: { zh: "商城与本系统共享的 HMAC 密钥", en: "The HMAC secret shared with the shop's site" } }) },
  sign(request, { secret }, now) {
    const call = { method: request.method, pathAndQuery: request.url.pathname + request.url.search };
    return { ...request, headers: { ...request.headers, ...signatureHeaders(secret, now, request.body ?? "", call) } };
  },
});

/** Settings and credentials together, for typing actions and triggers. */
export const allSettings = { ...settings, ...auth.props };
