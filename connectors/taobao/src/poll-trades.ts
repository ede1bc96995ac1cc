/**
 * Incremental trade sync: `taobao.trades.sold.increment.get` lists the trades
 * modified in the window (TOP takes at most a day per call, so longer windows
 * go in day-long spans), then `taobao.trade.fullinfo.get` reads each in full,
 * as TOP advises (the listing carries only part of a trade).
 *
 * TOP lists newest-modified first, so a trade modified again while we page
 * drops out and shifts the rest towards page one; paging from the last page
 * back to the first, as TOP recommends (`fetchLastPageFirst`), means a
 * shifted trade moves onto a page still to come instead of one already read.
 */
import { definePollingTrigger, fetchInSpans, fetchLastPageFirst, toBeijingTime, type HttpClient, type Span } from "@orderflow/connector-sdk";
import { allSettings } from "./settings";
import { tradeEvent, tradeNumber, TRADE_FIELDS } from "./taobao-trade";
import { callTop } from "./top-client";

const DAY_MS = 24 * 3_600_000;
const PAGE_SIZE = 40;

interface ListedTrade {
  tid: string | number;
  tid_str?: string;
}

interface IncrementAnswer {
  total_results?: number;
  trades?: { trade?: ListedTrade[] };
}

type Settings = { gatewayUrl?: string | undefined };

async function listPage(http: HttpClient, settings: Settings, span: Span, pageNo: number): Promise<IncrementAnswer> {
  return callTop<IncrementAnswer>(http, settings, "taobao.trades.sold.increment.get", {
    fields: "tid,tid_str,status,modified",
    start_modified: toBeijingTime(span.since),
    end_modified: toBeijingTime(span.until),
    page_no: pageNo,
    page_size: PAGE_SIZE,
  }, { read: true });
}

async function fullTrades(http: HttpClient, settings: Settings, listed: ListedTrade[]): Promise<unknown[]> {
  const trades: unknown[] = [];
  // A trade listed twice on a page is read once: each call spends the app's quota.
  for (const tid of new Set(listed.map(tradeNumber))) {
    const answer = await callTop<{ trade?: unknown }>(http, settings, "taobao.trade.fullinfo.get", { tid, fields: TRADE_FIELDS }, { read: true });
    if (answer.trade !== undefined) trades.push(answer.trade);
  }
  return trades;
}

async function spanPage(http: HttpClient, settings: Settings, span: Span, pageToken: string | undefined): Promise<{ items: unknown[]; nextPageToken?: string }> {
  const page = await fetchLastPageFirst(pageToken, PAGE_SIZE, async (pageNo) => {
    const answer = await listPage(http, settings, span, pageNo);
    return { total: answer.total_results ?? 0, items: answer.trades?.trade ?? [] };
  });
  return { ...page, items: await fullTrades(http, settings, page.items) };
}

export const pollTrades = definePollingTrigger({
  id: "poll_trades",
  name: { zh: "淘宝/天猫订单同步", en: "Taobao/Tmall trade sync" },
  description: {
    zh: "按修改时间增量拉取已卖出的交易；付款后成为订单，关闭的交易发出取消消息；每日对账补齐遗漏",
    en: "Lists sold trades by modification time; a paid trade becomes an order, a closed one a cancellation message; a daily reconciliation backfills anything missed",
  },
  settings: allSettings,
  intervalMs: 2 * 60_000,
  overlapMs: 5 * 60_000,
  reconcileWindowMs: DAY_MS,
  fetch: ({ settings, http }, window) => fetchInSpans(window, DAY_MS, (span, pageToken) => spanPage(http, settings, span, pageToken)),
  toEvent: (trade, { settings }) => tradeEvent(trade, settings.shop),
});
