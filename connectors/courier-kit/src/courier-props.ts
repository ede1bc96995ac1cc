/**
 * The inputs every courier action takes, as `Prop.*` declarations, so that
 * a flow can switch couriers without changing a step's input: the parcel
 * (weight, dimensions), where it goes, who receives it, the speed, and the
 * sender (a setting: the shop's warehouse).
 */
import { DELIVERY_SPEEDS, Prop, type DeliverySpeed } from "@orderflow/connector-sdk";

export const weightProp = Prop.number({
  label: { zh: "重量（千克）", en: "Weight (kg)" },
  description: { zh: "包裹实际重量", en: "The parcel's actual weight" },
  minimum: 0.001,
});

export const dimensionsProp = Prop.object({
  label: { zh: "尺寸（厘米）", en: "Dimensions (cm)" },
  description: { zh: "用于计算体积重；不填则按实际重量计费", en: "For the volumetric weight; without it the actual weight is charged" },
  required: false,
  props: {
    lengthCm: Prop.number({ label: { zh: "长", en: "Length" }, minimum: 0.1 }),
    widthCm: Prop.number({ label: { zh: "宽", en: "Width" }, minimum: 0.1 }),
    heightCm: Prop.number({ label: { zh: "高", en: "Height" }, minimum: 0.1 }),
  },
});

const addressParts = (detailRequired: boolean) => ({
  province: Prop.text({ label: { zh: "省", en: "Province" }, minLength: 1 }),
  city: Prop.text({ label: { zh: "市", en: "City" }, minLength: 1 }),
  district: Prop.text({ label: { zh: "区/县", en: "District" }, required: false }),
  detail: detailRequired ? Prop.text({ label: { zh: "详细地址", en: "Street address" }, minLength: 1 }) : Prop.text({ label: { zh: "详细地址", en: "Street address" }, required: false }),
  postalCode: Prop.text({ label: { zh: "邮编", en: "Postal code" }, required: false }),
});

/** The canonical order's address (`input.address`) as the parcel's destination; quoting needs only province and city. */
export const destinationProp = Prop.object({ label: { zh: "目的地", en: "Destination" }, props: addressParts(false) });
export const addressProp = Prop.object({ label: { zh: "收件地址", en: "Delivery address" }, props: addressParts(true) });

export const recipientProp = Prop.object({
  label: { zh: "收件人", en: "Recipient" },
  props: {
    name: Prop.text({ label: { zh: "姓名", en: "Name" }, minLength: 1 }),
    phone: Prop.text({ label: { zh: "电话", en: "Phone" }, minLength: 3 }),
  },
});

/** No default on purpose: a quote without a speed lists every service; a waybill without one ships standard. */
export const speedProp = Prop.select({
  label: { zh: "时效", en: "Speed" },
  description: { zh: "报价不填则列出全部产品；下单不填按标准", en: "Without it a quote lists every service, and a waybill ships standard" },
  options: (Object.keys(DELIVERY_SPEEDS) as DeliverySpeed[]).map((value) => ({ value, label: DELIVERY_SPEEDS[value] })),
  required: false,
});

export const trackingNoProp = Prop.text({ label: { zh: "运单号", en: "Tracking number" }, pattern: "^[A-Za-z0-9-]{4,40}$" });

/** The shop's warehouse, in each courier connector's settings: the sender on every waybill and label. */
export const senderSetting = Prop.object({
  label: { zh: "寄件人（发货仓）", en: "Sender (warehouse)" },
  props: {
    name: Prop.text({ label: { zh: "姓名/公司", en: "Name or company" }, minLength: 1 }),
    phone: Prop.text({ label: { zh: "电话", en: "Phone" }, minLength: 3 }),
    province: Prop.text({ label: { zh: "省", en: "Province" }, minLength: 1 }),
    city: Prop.text({ label: { zh: "市", en: "City" }, minLength: 1 }),
    district: Prop.text({ label: { zh: "区/县", en: "District" }, required: false }),
    detail: Prop.text({ label: { zh: "详细地址", en: "Street address" }, minLength: 1 }),
  },
});
