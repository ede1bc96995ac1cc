/**
 * Where in China an address or a warehouse is, as far as routing cares:
 * its province and the area (大区) the province belongs to. Addresses write
 * provinces many ways (浙江省, 浙江, Zhejiang, 330000, a city's code
 * 330100): all of them name the same province here.
 */
import type { LocalizedMessage } from "@orderflow/engine";

export interface Province {
  /** The first two digits of the administrative division code (GB/T 2260). */
  code: string;
  name: LocalizedMessage & { zh: string; en: string };
  area: Area;
}

export type Area = "north" | "northeast" | "east" | "central" | "south" | "southwest" | "northwest" | "hk_mo_tw";

export const AREA_NAMES: Readonly<Record<Area, { zh: string; en: string }>> = {
  north: { zh: "华北", en: "North China" },
  northeast: { zh: "东北", en: "Northeast China" },
  east: { zh: "华东", en: "East China" },
  central: { zh: "华中", en: "Central China" },
  south: { zh: "华南", en: "South China" },
  southwest: { zh: "西南", en: "Southwest China" },
  northwest: { zh: "西北", en: "Northwest China" },
  hk_mo_tw: { zh: "港澳台", en: "Hong Kong, Macao and Taiwan" },
};

const table: readonly [code: string, zh: string, en: string, area: Area, ...aliases: string[]][] = [
  ["11", "北京", "Beijing", "north"],
  ["12", "天津", "Tianjin", "north"],
  ["13", "河北", "Hebei", "north"],
  ["14", "山西", "Shanxi", "north"],
  ["15", "内蒙古", "Inner Mongolia", "north", "nei mongol", "neimenggu"],
  ["21", "辽宁", "Liaoning", "northeast"],
  ["22", "吉林", "Jilin", "northeast"],
  ["23", "黑龙江", "Heilongjiang", "northeast"],
  ["31", "上海", "Shanghai", "east"],
  ["32", "江苏", "Jiangsu", "east"],
  ["33", "浙江", "Zhejiang", "east"],
  ["34", "安徽", "Anhui", "east"],
  ["35", "福建", "Fujian", "east"],
  ["36", "江西", "Jiangxi", "east"],
  ["37", "山东", "Shandong", "east"],
  ["41", "河南", "Henan", "central"],
  ["42", "湖北", "Hubei", "central"],
  ["43", "湖南", "Hunan", "central"],
  ["44", "广东", "Guangdong", "south"],
  ["45", "广西", "Guangxi", "south"],
  ["46", "海南", "Hainan", "south"],
  ["50", "重庆", "Chongqing", "southwest"],
  ["51", "四川", "Sichuan", "southwest"],
  ["52", "贵州", "Guizhou", "southwest"],
  ["53", "云南", "Yunnan", "southwest"],
  ["54", "西藏", "Tibet", "southwest", "xizang"],
  ["61", "陕西", "Shaanxi", "northwest"],
  ["62", "甘肃", "Gansu", "northwest"],
  ["63", "青海", "Qinghai", "northwest"],
  ["64", "宁夏", "Ningxia", "northwest"],
  ["65", "新疆", "Xinjiang", "northwest"],
  ["71", "台湾", "Taiwan", "hk_mo_tw"],
  ["81", "香港", "Hong Kong", "hk_mo_tw", "hongkong"],
  ["82", "澳门", "Macao", "hk_mo_tw", "macau"],
];

export const PROVINCES: readonly Province[] = table.map(([code, zh, en, area]) => ({ code, name: { zh, en }, area }));

const byCode = new Map(PROVINCES.map((province) => [province.code, province]));
const byLatinName = new Map(
  table.flatMap(([code, , en, , ...aliases]) => [en, ...aliases].map((name) => [latinKey(name), byCode.get(code)!] as const)),
);

/** The province a text names (name with or without 省/市/自治区, pinyin, or a division code); undefined when it names none. */
export function findProvince(text: string | null | undefined): Province | undefined {
  const value = text?.trim();
  if (!value) return undefined;
  if (/^\d{2}(\d{2}){0,2}$/.test(value)) return byCode.get(value.slice(0, 2));
  const chinese = PROVINCES.find((province) => value.startsWith(province.name.zh));
  return chinese ?? byLatinName.get(latinKey(value.replace(/\s+(province|municipality|autonomous region|special administrative region|sar)$/i, "")));
}

/** Two texts name the same city: 杭州市 = 杭州 = Hangzhou City = hangzhou; codes by their first four digits. */
export function sameCity(a: string | null | undefined, b: string | null | undefined): boolean {
  const key = (text: string | null | undefined) => {
    const value = text?.trim();
    if (!value) return undefined;
    if (/^\d{4}(\d{2})?$/.test(value)) return value.slice(0, 4);
    return latinKey(value.replace(/市$/, "").replace(/\s+city$/i, ""));
  };
  const first = key(a);
  return first !== undefined && first === key(b);
}

function latinKey(name: string): string {
  return name.toLowerCase().replace(/[\s'-]/g, "");
}
