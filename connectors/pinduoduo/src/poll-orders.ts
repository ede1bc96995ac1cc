/**
 * Incremental order sync: `pdd.order.number.list.increment.get` lists the
 * orders updated in the window with their full details. PDD takes at most
 * thirty minutes per call, so the window goes in thirty-minute spans.
 *
 * PDD requires paging from the last page back to the first ("必须采用倒序的分页
 * 方式…才能避免漏单", see `fetchLastPageFirst`).
 */
import { definePollingTrigger, fetchInSpans, fetchLastPageFirst, type HttpClient, type Span } from "@orderflow/connector-sdk";
import { orderEvent } from "./pdd-order";
import { callPop } from "./pop-client";
import { allSettings } from "./settings";

const SPAN_MS = 30 * 60_000;
const PAGE_SIZE = 100;

interface IncrementAnswer {
  total_count?: number;
  order_sn_list?: unknown[];
}

type Settings = { gatewayUrl?: string | undefined };

function listPage(http: HttpClient, settings: Settings, span: Span, page: number): Promise<IncrementAnswer> {
  return callPop<IncrementAnswer>(
    http,
    settings,
    "pdd.order.number.list.increment.get",
    "order_sn_increment_get_response",
    {
      // 5: every shipping status and every after-sale status; 0: lucky-draw orders too.
      order_status: 5,
      refund_status: 5,
      is_lucky_flag: 0,
      start_updated_at: Math.floor(span.since.getTime() / 1000),
      end_updated_at: Math.floor(span.until.getTime() / 1000),
      page,
      page_size: PAGE_SIZE,
    },
    { read: true },
  );
}

function spanPage(http: HttpClient, settings: Settings, span: Span, pageToken: string | undefined): Promise<{ items: unknown[]; nextPageToken?: string }> {
  return fetchLastPageFirst(pageToken, PAGE_SIZE, async (page) => {
    const answer = await listPage(http, settings, span, page);
    return { total: answer.total_count ?? 0, items: answer.order_sn_list ?? [] };
  });
}

export const pollOrders = definePollingTrigger({
  id: "poll_orders",
  name: { zh: "拼多多订单同步", en: "Pinduoduo order sync" },
  description: {
    zh: "按更新时间增量拉取订单；成团后成为订单，取消或退款成功发出取消消息；每日对账补齐遗漏",
    en: "Lists orders by update time; a formed order becomes an order, a cancelled or refunded one a cancellation message; a daily reconciliation backfills anything missed",
  },
  settings: allSettings,
  intervalMs: 2 * 60_000,
  overlapMs: 5 * 60_000,
  fetch: ({ settings, http }, window) => fetchInSpans(window, SPAN_MS, (span, pageToken) => spanPage(http, settings, span, pageToken)),
  toEvent: (order, { settings }) => orderEvent(order, settings.shop),
});
