/**
 * Reconciliation: lists the shop's orders changed in a window and hands over
 * those not yet seen, so an order whose webhook was lost still arrives. Off
 * when no orders URL is set.
 */
import { definePollingTrigger, type TriggerEvent } from "@orderflow/connector-sdk";
import { allSettings } from "./settings";
import { orderKey, readShopOrder, toCanonicalOrder } from "./shop-order";

interface ListedOrder {
  number?: unknown;
}

export const reconcileOrders = definePollingTrigger({
  id: "reconcile_orders",
  name: { zh: "订单对账", en: "Order reconciliation" },
  description: { zh: "定时拉取商城订单，补齐漏推的订单", en: "Lists the shop's orders now and then, backfilling any a webhook missed" },
  settings: allSettings,
  intervalMs: 10 * 60_000,
  runsWhen: (settings) => Boolean(settings.ordersUrl),
  async fetch({ settings, http }, window) {
    const { body } = await http.request<{ orders?: ListedOrder[]; next_page?: string | null }>({
      path: settings.ordersUrl!, // runsWhen: never polled without it
      query: { updated_since: window.since.toISOString(), updated_until: window.until.toISOString(), page: window.pageToken },
    });
    return { items: body?.orders ?? [], ...(body?.next_page ? { nextPageToken: body.next_page } : {}) };
  },
  toEvent(item, { settings }): TriggerEvent {
    try {
      const order = readShopOrder(item, "order");
      return { kind: "order", dedupeKey: orderKey(settings.shop, order.number), order: toCanonicalOrder(order, settings.shop, { event: "order.listed", order: item }) };
    } catch (error) {
      return { kind: "ignored", dedupeKey: null, reason: `listed order ${String(item.number)} could not be read: ${error instanceof Error ? error.message : String(error)}` };
    }
  },
});
