/**
 * The YTO open-platform messages this connector sends and reads, with the
 * field names of YTO's interface pages (privacy_create_adapter,
 * korder_cancel_adapter, track_query_adapter, and the track push). Only the
 * fields orderflow fills or reads are listed.
 */

export interface YtoCreateParam {
  /** The customer's own order key; with the channel it names one courier order, so a repeat returns the same waybill. At least 7 characters. */
  logisticsNo: string;
  senderName: string;
  senderProvinceName: string;
  senderCityName: string;
  senderCountyName: string;
  senderAddress: string;
  senderMobile: string;
  recipientName: string;
  recipientProvinceName: string;
  recipientCityName: string;
  recipientCountyName: string;
  recipientAddress: string;
  recipientMobile: string;
  remark?: string;
  goods?: { name: string; quantity: number; weight?: string; price?: string }[];
  cstOrderNo?: string;
  /** Kilograms, three decimals. */
  weight?: string;
  productCode?: string;
}

export interface YtoCreateAnswer {
  logisticsNo?: string;
  mailNo?: string;
  /** The sorting code (三段码) printed large on the label. */
  shortAddress?: string;
}

export interface YtoCancelParam {
  logisticsNo: string;
  cancelDesc: string;
}

export interface YtoTrackParam {
  Number: string;
}

/** One node of a waybill's track, as track_query_adapter lists them. */
export interface YtoTrackNode {
  waybill_No: string;
  /** "yyyy-MM-dd HH:mm:ss", China time. */
  upload_Time: string;
  /** The operation code: GOT, ARRIVAL, DEPARTURE, SENT_SCAN, SIGNED, FAILED, … */
  infoContent: string;
  processInfo?: string;
  city?: string;
}

/** The element names of `<UpdateInfo>` read from a push, in YTO's order. */
export const UPDATE_INFO_FIELDS = ["logisticProviderID", "clientID", "mailNo", "txLogisticID", "infoType", "infoContent", "acceptTime", "remark", "city", "questionCause"] as const;

function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** `<UpdateInfo>` as YTO writes it (flat elements). */
export function updateInfoXml(fields: Partial<Record<(typeof UPDATE_INFO_FIELDS)[number], string>>): string {
  const inner = UPDATE_INFO_FIELDS.filter((name) => fields[name] !== undefined)
    .map((name) => `<${name}>${escapeXml(fields[name]!)}</${name}>`)
    .join("");
  return `<UpdateInfo>${inner}</UpdateInfo>`;
}

/** Reads the flat `<UpdateInfo>` of a push; null when the text is not one. */
export function readUpdateInfo(xml: string): Partial<Record<(typeof UPDATE_INFO_FIELDS)[number], string>> | null {
  if (!/<UpdateInfo>[\s\S]*<\/UpdateInfo>/.test(xml)) return null;
  const fields: Partial<Record<(typeof UPDATE_INFO_FIELDS)[number], string>> = {};
  for (const name of UPDATE_INFO_FIELDS) {
    const match = new RegExp(`<${name}>([\\s\\S]*?)</${name}>`).exec(xml);
    if (match) fields[name] = match[1]!.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&").trim();
  }
  return fields;
}
