/**
 * IANA time zone names for schedules: whether a name is one, and which zone
 * someone who typed a city or a misspelt name most likely meant.
 */
import { closestName } from "./problems";

/**
 * Cities people type that have no zone of their own, by the zone they are in.
 * All of mainland China is one zone, named after Shanghai. Cities are written
 * in lower case without spaces, `_` or `-`.
 */
const ZONE_CITIES: Record<string, string[]> = {
  "Asia/Shanghai": [
    "china", "beijing", "shanghai", "shenzhen", "guangzhou", "hangzhou", "chengdu", "wuhan", "nanjing", "tianjin", "xian", "suzhou",
    "北京", "上海", "深圳", "广州", "杭州", "成都", "武汉",
  ],
  "Asia/Hong_Kong": ["hongkong", "香港"],
  "Asia/Taipei": ["taipei", "台北"],
};
const CITY_ZONES = new Map(Object.entries(ZONE_CITIES).flatMap(([zone, cities]) => cities.map((city) => [city, zone] as const)));

/** An IANA zone name (offsets such as "+08:00" are not zones: they ignore daylight saving). */
export function isTimeZone(name: string): boolean {
  if (/^[+-]/.test(name)) return false;
  try {
    new Intl.DateTimeFormat("en", { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/**
 * The zone meant by a name that is not one: a known city's zone, else the zone
 * of the same region (`Asia/…`) whose city is closest, else the closest zone.
 *
 * @example suggestTimeZone("Asia/Beijing") // → "Asia/Shanghai"
 * @example suggestTimeZone("Europe/Berln") // → "Europe/Berlin"
 */
export function suggestTimeZone(name: string): string | undefined {
  const slash = name.indexOf("/");
  const city = name.slice(slash + 1);
  const known = CITY_ZONES.get(city.toLowerCase().replace(/[\s_-]+/g, ""));
  if (known !== undefined) return known;
  const zones = Intl.supportedValuesOf("timeZone");
  const region = name.slice(0, slash).toLowerCase();
  const sameRegion = slash < 0 ? zones : zones.filter((zone) => zone.toLowerCase().startsWith(`${region}/`));
  if (sameRegion.length === 0) return closestName(name, zones);
  const byCity = new Map(sameRegion.map((zone) => [zone.slice(zone.indexOf("/") + 1), zone]));
  const closest = closestName(city, byCity.keys());
  return closest === undefined ? undefined : byCity.get(closest);
}
