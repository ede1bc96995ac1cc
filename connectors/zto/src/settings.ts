/**
 * What staff fill in for ZTO: the gateway, the app key and secret of the
 * open platform app (the auth), the e-waybill account that issues numbers,
 * the kind of order, the warehouse that ships, and (optionally) the branch
 * contract's rate table for quotes.
 */
import { Auth, Prop, type PropsValue } from "@orderflow/connector-sdk";
import { optionalRateTableProps, senderSetting } from "@orderflow/courier-kit";
import { APP_KEY_HEADER, dataDigest, DIGEST_HEADER } from "./signature";

export const settings = {
  baseUrl: Prop.text({ label: { zh: "接口地址", en: "API gateway" }, description: { zh: "测试 https://japi-test.zto.com，正式 https://japi.zto.com", en: "Test https://japi-test.zto.com, production https://japi.zto.com" }, format: "uri", default: "https://japi.zto.com" }),
  accountId: Prop.text({ label: { zh: "电子面单账号", en: "E-waybill account" }, minLength: 1 }),
  accountPassword: Prop.secret({ label: { zh: "电子面单密码", en: "E-waybill password" } }),
  orderType: Prop.select({
    label: { zh: "订单类型", en: "Order type" },
    options: [
      { value: "1", label: { zh: "全网件（与网点约定取件，单号不可取消）", en: "Network parcel (pick-up agreed with the branch; cannot be cancelled)" } },
      { value: "2", label: { zh: "预约件（系统派业务员上门，可取消）", en: "Booked pick-up (a courier is assigned; can be cancelled)" } },
    ],
    default: "1",
  }),
  sender: senderSetting,
  ...optionalRateTableProps,
};

export const auth = Auth.appKey({
  sign(request, { appKey, appSecret }) {
    return { ...request, headers: { ...request.headers, [APP_KEY_HEADER.toLowerCase()]: appKey, [DIGEST_HEADER.toLowerCase()]: dataDigest(request.body ?? "", appSecret) } };
  },
});

export const allSettings = { ...settings, ...auth.props };
export type ZtoSettings = PropsValue<typeof allSettings>;
