/**
 * JD trace nodes in courier-kit's words. JD's trace carries no status code
 * we could confirm, only a category and a title in Chinese, so a node is
 * read by its words: exceptions first (a refusal is never read as a
 * delivery), then delivery, dispatch, pickup and transit. A node none of
 * these name is left out rather than guessed.
 */
import { exceptionReasonInWords, fromChinaTime, toTrackingEvent, type TrackingEvent, type TrackingStatus } from "@orderflow/courier-kit";
import { permanentError } from "@orderflow/connector-sdk";
import type { JdTraceDetail } from "./jd-messages";

const PROBLEM = /异常|拒收|退回|返回商家|逆向|破损|损坏|丢失|遗失|滞留|延误|延迟/;
const READINGS: [RegExp, TrackingStatus][] = [
  [/签收|妥投/, { kind: "delivered" }],
  [/派送|配送员|派件/, { kind: "out_for_delivery" }],
  [/揽收|揽件|已取件/, { kind: "picked_up" }],
  [/发货|发往|到达|分拣|运输|中转|转运/, { kind: "in_transit" }],
];

export function readTraceNode(words: string): TrackingStatus | null {
  if (PROBLEM.test(words)) return { kind: "exception", reason: exceptionReasonInWords(words) ?? "delayed" };
  return READINGS.find(([pattern]) => pattern.test(words))?.[1] ?? null;
}

/** A trace time, as text ("yyyy-MM-dd HH:mm:ss", China time) or ms since the epoch, as ISO 8601 with the +08:00 offset. */
export function traceTime(value: string | number): string {
  const text = String(value).trim();
  const local = fromChinaTime(text);
  if (local) return local;
  if (/^\d{12,}$/.test(text)) return `${new Date(Number(text) + 8 * 3_600_000).toISOString().slice(0, 19)}+08:00`;
  throw permanentError("bad_response", `JD's trace has an operationTime "${text}" that is neither "yyyy-MM-dd HH:mm:ss" nor ms since the epoch`);
}

/** One trace node as a tracking event, or null for one no flow needs. */
export function jdTrackingEvent(detail: JdTraceDetail): TrackingEvent | null {
  const code = detail.category ? `${detail.category}/${detail.operationTitle}` : detail.operationTitle;
  const status = readTraceNode(`${detail.category ?? ""} ${detail.operationTitle} ${detail.operationRemark ?? ""}`);
  if (!status) return null;
  return toTrackingEvent({ [code]: status }, { trackingNo: detail.waybillCode, code, at: traceTime(detail.operationTime), description: detail.operationRemark ?? detail.operationTitle });
}
