/**
 * Many couriers say what went wrong with a parcel only in words (a
 * "problem cause", a remark), under one failure code. These are the words
 * that name a reason; the first that matches wins, so a damaged parcel the
 * recipient then refused reads as damaged.
 *
 * @example exceptionReasonInWords("外包装破损，收件人拒收") // "damaged"
 */
import type { ExceptionReason } from "./tracking-events";

const WORDS: readonly [RegExp, ExceptionReason][] = [
  [/破损|损坏|damage/i, "damaged"],
  [/丢失|遗失|\blost\b/i, "lost"],
  [/拒收|退回|返回商家|逆向|\breturn/i, "returned"],
  [/滞留|延误|延迟|\bdelay/i, "delayed"],
];

export function exceptionReasonInWords(words: string): ExceptionReason | null {
  return WORDS.find(([pattern]) => pattern.test(words))?.[1] ?? null;
}
