/**
 * A rate table in a connector's settings, and pricing by it: the zone of the
 * destination (a city listed beats its province), the first weight's price
 * plus each additional step begun, on the chargeable weight, plus the
 * speed's surcharge. For couriers without a price API: a local courier, or a
 * branch contract's prices (ZTO). Spread `rateTableProps` (or `optionalRateTableProps`) into the
 * connector's settings and quote with `quoteFromTable`.
 *
 * @example quoteFromTable(settings, { weightKg: 1.2, destination: { province: "浙江省", city: "杭州市" } }, now, { courier: "zto" })
 */
import { DELIVERY_SPEEDS, fromMinorUnits, MONEY_PATTERN, Prop, toMinorUnits, type DeliverySpeed, type PropsValue } from "@orderflow/connector-sdk";
import { chargeableWeightKg, type Dimensions } from "./chargeable-weight";
import type { Quote } from "./courier-actions";
import { promiseDate } from "./promise-date";

const money = (label: { zh: string; en: string }) => Prop.text({ label, pattern: MONEY_PATTERN, placeholder: "8.00" });

const zoneProp = Prop.object({
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

const speedOptionProp = Prop.object({
  label: { zh: "加急服务", en: "Faster service" },
  props: {
    speed: Prop.select({ label: { zh: "时效", en: "Speed" }, options: (Object.keys(DELIVERY_SPEEDS) as DeliverySpeed[]).map((value) => ({ value, label: DELIVERY_SPEEDS[value] })) }),
    surcharge: money({ zh: "加价（元）", en: "Surcharge (yuan)" }),
    promisedDays: Prop.integer({ label: { zh: "承诺时效（天）", en: "Promised delivery (days)" }, minimum: 0 }),
  },
});

/** The settings of a rate table: `zones`, `speeds` (optional) and `volumetricDivisor` (optional). */
export const rateTableProps = {
  zones: Prop.array({ label: { zh: "运费表", en: "Rate table" }, minItems: 1, items: zoneProp }),
  speeds: Prop.array({
    label: { zh: "加急服务", en: "Faster services" },
    description: { zh: "标准时效不加价；未列出的时效不提供", en: "Standard costs nothing extra; a speed not listed is not offered" },
    required: false,
    items: speedOptionProp,
  }),
  volumetricDivisor: Prop.integer({ label: { zh: "体积重系数", en: "Volumetric divisor" }, description: { zh: "长×宽×高（厘米）÷ 系数 = 体积重（千克）", en: "L × W × H (cm) ÷ divisor = volumetric kg" }, minimum: 1000, default: 6000, required: false }),
};

/** The same, for a courier whose quotes are optional: without zones it quotes nothing. */
export const optionalRateTableProps = {
  ...rateTableProps,
  zones: Prop.array({ label: { zh: "运费表（可选，用于报价）", en: "Rate table (optional, for quotes)" }, required: false, items: zoneProp }),
};

export type RateTable = PropsValue<typeof optionalRateTableProps>;
export type Zone = PropsValue<typeof rateTableProps>["zones"][number];

export interface Parcel {
  weightKg: number;
  dimensions?: Dimensions;
  destination: { province: string; city: string };
}

/** "浙江" and "浙江省" name the same province: one part matches the other when either begins with the other. */
function same(part: string, wanted: string): boolean {
  const a = part.trim();
  const b = wanted.trim();
  return a !== "" && b !== "" && (a.startsWith(b) || b.startsWith(a));
}

export function findZone(zones: readonly Zone[], destination: Parcel["destination"]): Zone | undefined {
  let provinceMatch: Zone | undefined;
  for (const zone of zones) {
    for (const region of zone.regions) {
      const [province = "", city] = region.split("/");
      if (!same(province, destination.province)) continue;
      if (city === undefined) provinceMatch ??= zone;
      else if (same(city, destination.city)) return zone;
    }
  }
  return provinceMatch;
}

/** First weight's price, and the additional price for each step begun beyond it. */
export function zonePrice(zone: Zone, weightKg: number): string {
  const grams = Math.round(weightKg * 1000);
  const firstGrams = Math.round(zone.firstWeightKg * 1000);
  const stepGrams = Math.round(zone.additionalStepKg * 1000);
  const steps = grams <= firstGrams ? 0 : Math.ceil((grams - firstGrams) / stepGrams);
  return fromMinorUnits(toMinorUnits(zone.firstPrice) + BigInt(steps) * toMinorUnits(zone.additionalPrice));
}

/** The speeds offered: standard always (no surcharge, the zone's days), the others as listed. */
function offers(table: RateTable, zone: Zone): { speed: DeliverySpeed; surcharge: string; promisedDays: number }[] {
  const listed = table.speeds ?? [];
  const standard = listed.find((s) => s.speed === "standard") ?? { speed: "standard" as const, surcharge: "0.00", promisedDays: zone.promisedDays };
  return [standard, ...listed.filter((s) => s.speed !== "standard")];
}

const SERVICE_NAMES: Record<DeliverySpeed, string> = { standard: "标准 Standard", express: "加急 Express", next_day: "次日达 Next day", same_day: "当日达 Same day" };

/** Quotes for the parcel, one per speed offered (or only `speed`); none when the destination is in no zone or there is no table. */
export function quoteFromTable(table: RateTable, parcel: Parcel, now: Date, options: { courier: string; speed?: DeliverySpeed }): Quote[] {
  const zone = findZone(table.zones ?? [], parcel.destination);
  if (!zone) return [];
  const weight = chargeableWeightKg(parcel.weightKg, parcel.dimensions, { divisor: table.volumetricDivisor ?? 6000, stepKg: 0.1 });
  const base = zonePrice(zone, weight);
  return offers(table, zone)
    .filter((offer) => options.speed === undefined || offer.speed === options.speed)
    .map((offer) => ({
      courier: options.courier,
      service: offer.speed,
      serviceName: `${zone.name} ${SERVICE_NAMES[offer.speed]}`,
      price: fromMinorUnits(toMinorUnits(base) + toMinorUnits(offer.surcharge)),
      currency: "CNY",
      chargeableWeightKg: weight,
      promisedDays: offer.promisedDays,
      promisedBy: promiseDate(now, offer.promisedDays),
    }));
}
