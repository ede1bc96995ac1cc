/**
 * Reconciliation over the GraphQL Admin API: orders updated within the
 * window, oldest change first, page by page with Shopify's cursors. An order
 * whose `orders/create` webhook was lost arrives here under the key the
 * webhook would have used.
 */
import { definePollingTrigger, type TriggerEvent } from "@orderflow/connector-sdk";
import { graphql } from "./admin-api";
import { adminEndpoint, allSettings } from "./settings";
import { fromGraphqlOrder, orderKey, ORDER_FIELDS, readShopifyOrder, toCanonicalOrder, type GraphqlOrder } from "./shopify-order";

const PAGE_SIZE = 50;

export const RECONCILE_QUERY = `query ReconcileOrders($query: String!, $after: String) {
  orders(first: ${PAGE_SIZE}, after: $after, query: $query, sortKey: UPDATED_AT) {
    nodes { ${ORDER_FIELDS} }
    pageInfo { hasNextPage endCursor }
  }
}`;

interface OrdersPage {
  orders: { nodes: GraphqlOrder[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
}

export const reconcileOrders = definePollingTrigger({
  id: "reconcile_orders",
  name: { zh: "Shopify 订单对账", en: "Shopify order reconciliation" },
  description: { zh: "定时拉取更新过的订单，补齐漏推的订单", en: "Lists recently updated orders now and then, backfilling any a webhook missed" },
  settings: allSettings,
  intervalMs: 10 * 60_000,
  async fetch({ settings, http }, window) {
    const { orders } = await graphql<OrdersPage>(http, {
      endpoint: adminEndpoint(settings),
      operationName: "ReconcileOrders",
      query: RECONCILE_QUERY,
      variables: { query: `updated_at:>='${window.since.toISOString()}' AND updated_at:<='${window.until.toISOString()}'`, after: window.pageToken ?? null },
    });
    return { items: orders.nodes, ...(orders.pageInfo.hasNextPage && orders.pageInfo.endCursor ? { nextPageToken: orders.pageInfo.endCursor } : {}) };
  },
  toEvent(node: GraphqlOrder, { settings }): TriggerEvent {
    try {
      const order = readShopifyOrder(fromGraphqlOrder(node), "order");
      return { kind: "order", dedupeKey: orderKey(settings.shop, order.id), order: toCanonicalOrder(order, settings.shop, { source: "graphql", order: node }) };
    } catch (error) {
      return { kind: "ignored", dedupeKey: null, reason: `listed order ${node.name ?? node.legacyResourceId ?? "(no id)"} could not be read: ${error instanceof Error ? error.message : String(error)}` };
    }
  },
});
