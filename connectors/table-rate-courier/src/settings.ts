/**
 * What staff fill in for a local courier: its rate table (zones with
 * first-weight and additional-weight prices, speeds with surcharges), the
 * prefix of its waybill numbers, the warehouse it collects from, and the
 * secret its dispatch app signs status pushes with.
 */
import { Auth, DELIVERY_SPEEDS, MONEY_PATTERN, Prop, type DeliverySpeed, type PropsValue } from "@orderflow/connector-sdk";
import { senderSetting } from "@orderflow/courier-kit";

const money = (label: { zh: string; en: string }) => Prop.text({ label, pattern: MONEY_PATTERN, placeholder: "8.00" });

export const zoneProp = Prop.object({
  label: { zh: "区域", en: "Zone" },
  props: {
    name: Prop.text({ label: { zh: "区域名称", en: "Zone name" }, minLength: 1 }),
    regions: Prop.array({
      label: { zh: "覆盖地区", en: "Regions" },
      description: { zh: "省（浙江省）或省/市（浙江省/杭州市）；市比省优先", en: "A province (浙江省) or province/city (浙江省/杭州市); a city beats its province" },
      minItems: 1,
      items: Prop.text({ label: { zh: "地区", en: "Region" }, minLength: 1 }),
    }),
    firstWeightKg: Prop.number({ label: { zh: "首重（千克）", en: "First weight (kg)" }, minimum: 0.1 }),
    firstPrice: money({ zh: "首重价格（元）", en: "First weight price (yuan)" }),
    additionalStepKg: Prop.number({ label: { zh: "续重单位（千克）", en: "Additional weight step (kg)" }, minimum: 0.1 }),
    additionalPrice: money({ zh: "每续重单位价格（元）", en: "Price per additional step (yuan)" }),
    promisedDays: Prop.integer({ label: { zh: "标准时效（天）", en: "Standard delivery (days)" }, minimum: 0 }),
  },
});

export const speedOptionProp = Prop.object({
  label: { zh: "加急服务", en: "Faster service" },
  props: {
    speed: Prop.select({ label: { zh: "时效", en: "Speed" }, options: (Object.keys(DELIVERY_SPEEDS) as DeliverySpeed[]).map((value) => ({ value, label: DELIVERY_SPEEDS[value] })) }),
    surcharge: money({ zh: "加价（元）", en: "Surcharge (yuan)" }),
    promisedDays: Prop.integer({ label: { zh: "承诺时效（天）", en: "Promised delivery (days)" }, minimum: 0 }),
  },
});

export const settings = {
  printedName: Prop.text({ label: { zh: "面单抬头", en: "Name on the label" }, minLength: 1, placeholder: "同城快递 City Courier" }),
  waybillPrefix: Prop.text({ label: { zh: "运单号前缀", en: "Waybill number prefix" }, pattern: "^[A-Z]{1,4}$", placeholder: "LC" }),
  sender: senderSetting,
  zones: Prop.array({ label: { zh: "运费表", en: "Rate table" }, minItems: 1, items: zoneProp }),
  speeds: Prop.array({
    label: { zh: "加急服务", en: "Faster services" },
    description: { zh: "标准时效不加价；未列出的时效不提供", en: "Standard costs nothing extra; a speed not listed is not offered" },
    required: false,
    items: speedOptionProp,
  }),
  volumetricDivisor: Prop.integer({ label: { zh: "体积重系数", en: "Volumetric divisor" }, description: { zh: "长×宽×高（厘米）÷ 系数 = 体积重（千克）", en: "L × W × H (cm) ÷ divisor = volumetric kg" }, minimum: 1000, default: 6000, required: false }),
};

/** The dispatch app signs each status push with this secret (see delivery-updates.ts); orderflow calls nothing. */
export const auth = Auth.signed({
  props: { webhookSecret: Prop.secret({ label: { zh: "推送签名密钥", en: "Push signing secret" } }) },
  sign: (request) => request,
});

export const allSettings = { ...settings, ...auth.props };
export type TableRateSettings = PropsValue<typeof allSettings>;
export type Zone = TableRateSettings["zones"][number];
