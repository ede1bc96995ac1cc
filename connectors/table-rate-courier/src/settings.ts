/**
 * What staff fill in for a local courier: its rate table (zones with
 * first-weight and additional-weight prices, speeds with surcharges), the
 * prefix of its waybill numbers, the warehouse it collects from, and the
 * secret its dispatch app signs status pushes with.
 */
import { Auth, Prop, type PropsValue } from "@orderflow/connector-sdk";
import { rateTableProps, senderSetting } from "@orderflow/courier-kit";

export const settings = {
  printedName: Prop.text({ label: { zh: "面单抬头", en: "Name on the label" }, minLength: 1, placeholder: "同城快递 City Courier" }),
  waybillPrefix: Prop.text({ label: { zh: "运单号前缀", en: "Waybill number prefix" }, pattern: "^[A-Z]{1,4}$", placeholder: "LC" }),
  sender: senderSetting,
  ...rateTableProps,
};

/** The dispatch app signs each status push with this secret (see delivery-updates.ts); orderflow calls nothing. */
export const auth = Auth.signed({
  props: { webhookSecret: Prop.secret({ label: { zh: "推送签名密钥", en: "Push signing secret" } }) },
  sign: (request) => request,
});

export const allSettings = { ...settings, ...auth.props };
export type TableRateSettings = PropsValue<typeof allSettings>;
