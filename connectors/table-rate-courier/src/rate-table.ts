/**
 * Prices a parcel with the rate table in the settings: the zone of its
 * destination (a city listed beats its province), the first weight's price
 * plus each additional step begun, on the chargeable weight, plus the
 * speed's surcharge. Pure: the quote and create_waybill actions share it.
 */
import { fromMinorUnits, toMinorUnits, type DeliverySpeed } from "@orderflow/connector-sdk";
import { chargeableWeightKg, promiseDate, type Dimensions, type Quote } from "@orderflow/courier-kit";
import type { TableRateSettings, Zone } from "./settings";

export const COURIER_ID = "table_rate_courier";

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
function offers(settings: TableRateSettings, zone: Zone): { speed: DeliverySpeed; surcharge: string; promisedDays: number }[] {
  const listed = settings.speeds ?? [];
  const standard = listed.find((s) => s.speed === "standard") ?? { speed: "standard" as const, surcharge: "0.00", promisedDays: zone.promisedDays };
  return [standard, ...listed.filter((s) => s.speed !== "standard")];
}

const SERVICE_NAMES: Record<DeliverySpeed, string> = { standard: "标准 Standard", express: "加急 Express", next_day: "次日达 Next day", same_day: "当日达 Same day" };

/** Quotes for the parcel, one per speed offered (or only `speed`); none when the destination is in no zone. */
export function quoteParcel(settings: TableRateSettings, parcel: Parcel, now: Date, speed?: DeliverySpeed): Quote[] {
  const zone = findZone(settings.zones, parcel.destination);
  if (!zone) return [];
  const weight = chargeableWeightKg(parcel.weightKg, parcel.dimensions, { divisor: settings.volumetricDivisor ?? 6000, stepKg: 0.1 });
  const base = zonePrice(zone, weight);
  return offers(settings, zone)
    .filter((offer) => speed === undefined || offer.speed === speed)
    .map((offer) => ({
      courier: COURIER_ID,
      service: offer.speed,
      serviceName: `${zone.name} ${SERVICE_NAMES[offer.speed]}`,
      price: fromMinorUnits(toMinorUnits(base) + toMinorUnits(offer.surcharge)),
      currency: "CNY",
      chargeableWeightKg: weight,
      promisedDays: offer.promisedDays,
      promisedBy: promiseDate(now, offer.promisedDays),
    }));
}
