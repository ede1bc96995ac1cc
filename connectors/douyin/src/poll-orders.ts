/**
 * The order intake: order.searchList over the orders updated in the window
 * (Unix seconds), page by page. Push messages carry no order contents, so
 * this is how an order arrives; its wider reconciliation pass backfills any
 * poll that failed.
 */
import { definePollingTrigger, type TriggerEvent } from "@orderflow/connector-sdk";
import { callDouyin } from "./douyin-api";
import { orderKey, readDouyinOrder, toCanonicalOrder } from "./douyin-order";
import { allSettings, gatewayOf } from "./settings";

const PAGE_SIZE = 100;

interface SearchListPage {
  shop_order_list?: unknown[];
  total?: number;
  page?: number;
  size?: number;
}

export const pollOrders = definePollingTrigger({
  id: "poll_orders",
  name: { zh: "抖店订单同步", en: "Douyin order sync" },
  description: { zh: "按更新时间拉取订单；消息推送不含订单内容，订单由此进入", en: "Lists orders by update time; push messages carry no order contents, so orders come in here" },
  settings: allSettings,
  intervalMs: 60_000,
  async fetch({ settings, http }, window) {
    const page = Number(window.pageToken ?? "0");
    const answer = await callDouyin<SearchListPage>(http, gatewayOf(settings), "order.searchList", {
      update_time_start: Math.floor(window.since.getTime() / 1000),
      update_time_end: Math.ceil(window.until.getTime() / 1000),
      page,
      size: PAGE_SIZE,
      order_by: "update_time",
      order_asc: true,
    });
    const items = answer?.shop_order_list ?? [];
    const more = (page + 1) * (answer?.size ?? PAGE_SIZE) < (answer?.total ?? 0);
    return { items, ...(more ? { nextPageToken: String(page + 1) } : {}) };
  },
  toEvent(item: unknown, { settings }): TriggerEvent {
    try {
      const order = readDouyinOrder(item, "order");
      return { kind: "order", dedupeKey: orderKey(settings.shop, order.order_id), order: toCanonicalOrder(order, settings.shop, item) };
    } catch (error) {
      const id = (item as { order_id?: unknown } | null)?.order_id;
      return { kind: "ignored", dedupeKey: null, reason: `listed order ${String(id)} could not be read: ${error instanceof Error ? error.message : String(error)}` };
    }
  },
});
