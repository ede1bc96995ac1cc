/**
 * Incremental order sync: `jingdong.pop.order.search` lists the orders
 * modified in the window (JOS's default date type), in the states orderflow
 * maps, with the fields it reads. Windows go in day-long spans, and pages
 * from the last back to the first (`fetchLastPageFirst`), so an order
 * modified again while we page cannot shift onto a page already read.
 */
import { definePollingTrigger, fetchInSpans, fetchLastPageFirst, permanentError, toBeijingTime, type HttpClient, type Span } from "@orderflow/connector-sdk";
import { ORDER_FIELDS, ORDER_STATES, orderEvent } from "./jd-order";
import { callJos } from "./jos-client";
import { allSettings } from "./settings";

const SPAN_MS = 24 * 3_600_000;
const PAGE_SIZE = 100;

interface SearchResult {
  apiResult?: { success?: boolean; chineseErr?: string; englishErrCode?: string };
  orderTotal?: number;
  orderInfoList?: unknown[];
}

type Settings = { gatewayUrl?: string | undefined };

async function searchPage(http: HttpClient, settings: Settings, span: Span, page: number): Promise<{ total: number; items: unknown[] }> {
  const result = await callJos<SearchResult>(
    http,
    settings,
    "jingdong.pop.order.search",
    "searchorderinfo_result",
    { start_date: toBeijingTime(span.since), end_date: toBeijingTime(span.until), order_state: Object.keys(ORDER_STATES).join(","), optional_fields: ORDER_FIELDS, page: String(page), page_size: String(PAGE_SIZE) },
    { read: true },
  );
  if (result.apiResult?.success === false) throw permanentError("search_refused", `jingdong.pop.order.search was refused: ${result.apiResult.englishErrCode ?? ""} ${result.apiResult.chineseErr ?? ""}`.trim());
  return { total: result.orderTotal ?? 0, items: result.orderInfoList ?? [] };
}

export const pollOrders = definePollingTrigger({
  id: "poll_orders",
  name: { zh: "京东订单同步", en: "JD order sync" },
  description: {
    zh: "按修改时间增量拉取订单；新订单成为订单，取消与锁定发出消息；每日对账补齐遗漏",
    en: "Lists orders by modification time; a new order becomes an order, a cancellation or hold a message; a daily reconciliation backfills anything missed",
  },
  settings: allSettings,
  intervalMs: 2 * 60_000,
  overlapMs: 5 * 60_000,
  fetch: ({ settings, http }, window) => fetchInSpans(window, SPAN_MS, (span, pageToken) => fetchLastPageFirst(pageToken, PAGE_SIZE, (page) => searchPage(http, settings, span, page))),
  toEvent: (order, { settings }) => orderEvent(order, settings.shop),
});
