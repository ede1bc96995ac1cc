/**
 * A Shopify store, simulated over real HTTP for tests and demos. It serves
 * the GraphQL Admin API calls the connector makes (told apart by their
 * operation name: OrderFulfilment, FulfillmentCreate, ReconcileOrders),
 * checks the X-Shopify-Access-Token, keeps orders with their fulfillment
 * orders and fulfillments, sends HMAC-signed order webhooks, and misbehaves
 * on request: 5xx, 429 with Retry-After, a THROTTLED GraphQL answer, a hang,
 * a dropped connection, or a request carried out whose answer is lost.
 * Like Shopify, it ignores idempotency keys: a repeated fulfillmentCreate is
 * refused because the fulfillment orders are closed, not recognised.
 *
 * @example
 * const store = await startShopifySimulator({ token: "shpat_x", webhookSecret: "s" });
 * const order = store.placeOrder();
 * store.fault({ kind: "status", status: 502 }, { kind: "lost_answer", on: "FulfillmentCreate" });
 * await store.deliver(receiverUrl, store.orderWebhook(order, "orders/create"), { times: 2 });
 */
import { randomUUID } from "node:crypto";
import type { ServerResponse } from "node:http";
import { answerWithFault, deliverWebhook, farSideFault, sendJson, startLocalServer, takeFaultFor, type FarSideFault, type RecordedRequest, type ScriptedResponse } from "@orderflow/connector-sdk/testing";
import type { GraphqlOrder, ShopifyOrder } from "../src/shopify-order";
import { HMAC_HEADER, SHOP_DOMAIN_HEADER, TOPIC_HEADER, WEBHOOK_ID_HEADER, webhookHmac } from "../src/webhook-signature";

export type Fault = (
  | FarSideFault
  /** The GraphQL leaky bucket is empty: 200 with a THROTTLED error. */
  | { kind: "throttled"; currentlyAvailable?: number }
) & {
  /** Only for a call of this GraphQL operation (e.g. FulfillmentCreate); the next request of any kind when absent. */
  on?: string;
};

export interface SimulatedFulfillment {
  id: string;
  orderId: string;
  company: string;
  number: string;
  url: string | undefined;
}

export interface SimulatedOrder extends ShopifyOrder {
  id: number;
  updated_at: string;
  fulfillmentOrders: { id: string; status: "OPEN" | "CLOSED" }[];
}

export interface ShopifySimulatorOptions {
  token: string;
  webhookSecret: string;
  shop?: string;
  clock?: () => Date;
  /** Orders per page of ReconcileOrders (Shopify's page is 50 as the connector asks). */
  pageSize?: number;
}

export interface ShopifySimulator {
  url: string;
  adminUrl: string;
  shop: string;
  orders: SimulatedOrder[];
  fulfillments: SimulatedFulfillment[];
  requests: RecordedRequest[];
  /** Faults for the next requests (of the operation each names), one each, in order. */
  fault(...faults: Fault[]): void;
  placeOrder(overrides?: Partial<ShopifyOrder>): SimulatedOrder;
  /** A signed delivery as Shopify sends it; a new webhook id unless `webhookId` repeats an earlier delivery (a retry). */
  orderWebhook(order: ShopifyOrder, topic: string, options?: { webhookId?: string }): { headers: Record<string, string>; body: string };
  deliver: typeof deliverWebhook;
  close(): Promise<void>;
}

interface GraphqlRequest {
  operationName?: string;
  variables?: Record<string, unknown>;
}

export async function startShopifySimulator(options: ShopifySimulatorOptions): Promise<ShopifySimulator> {
  const clock = options.clock ?? (() => new Date());
  const shop = options.shop ?? "tea-house.myshopify.com";
  const pageSize = options.pageSize ?? 50;
  const faults: Fault[] = [];
  const orders: SimulatedOrder[] = [];
  const fulfillments: SimulatedFulfillment[] = [];

  const orderByGid = (gid: unknown) => orders.find((o) => `gid://shopify/Order/${o.id}` === gid);

  const orderFulfilment = (variables: Record<string, unknown>) => {
    const order = orderByGid(variables["id"]);
    if (!order) return { data: { order: null } };
    return {
      data: {
        order: {
          id: `gid://shopify/Order/${order.id}`,
          cancelledAt: order.cancelled_at ?? null,
          fulfillments: fulfillments.filter((f) => f.orderId === String(order.id)).map((f) => ({ id: f.id, trackingInfo: [{ company: f.company, number: f.number }] })),
          fulfillmentOrders: { nodes: order.fulfillmentOrders },
        },
      },
    };
  };

  const fulfillmentCreate = (variables: Record<string, unknown>) => {
    const input = variables["fulfillment"] as { lineItemsByFulfillmentOrder: { fulfillmentOrderId: string }[]; trackingInfo: { company: string; number: string; url?: string } };
    const refused = (message: string) => ({ data: { fulfillmentCreate: { fulfillment: null, userErrors: [{ field: ["fulfillment"], message }] } } });
    const wanted = input.lineItemsByFulfillmentOrder.map((l) => l.fulfillmentOrderId);
    const order = orders.find((o) => o.fulfillmentOrders.some((fo) => wanted.includes(fo.id)));
    if (!order) return refused("Fulfillment order does not exist.");
    const closed = order.fulfillmentOrders.filter((fo) => wanted.includes(fo.id) && fo.status !== "OPEN");
    if (closed.length > 0) return refused(`Fulfillment order ${closed[0]!.id} has an unfulfillable status= closed.`);
    for (const fo of order.fulfillmentOrders) if (wanted.includes(fo.id)) fo.status = "CLOSED";
    order.fulfillment_status = order.fulfillmentOrders.every((fo) => fo.status === "CLOSED") ? "fulfilled" : "partial";
    order.updated_at = clock().toISOString();
    const fulfillment: SimulatedFulfillment = { id: `gid://shopify/Fulfillment/${7700001 + fulfillments.length}`, orderId: String(order.id), company: input.trackingInfo.company, number: input.trackingInfo.number, url: input.trackingInfo.url };
    fulfillments.push(fulfillment);
    return { data: { fulfillmentCreate: { fulfillment: { id: fulfillment.id, status: "SUCCESS" }, userErrors: [] } } };
  };

  const reconcileOrders = (variables: Record<string, unknown>) => {
    const search = String(variables["query"] ?? "");
    const since = /updated_at:>='([^']+)'/.exec(search)?.[1];
    const until = /updated_at:<='([^']+)'/.exec(search)?.[1];
    if (!since || !until) return { errors: [{ message: `the simulator needs updated_at:>='…' AND updated_at:<='…' in the query, got ${search}` }] };
    const matching = orders
      .filter((o) => Date.parse(o.updated_at) >= Date.parse(since) && Date.parse(o.updated_at) <= Date.parse(until))
      .sort((a, b) => Date.parse(a.updated_at) - Date.parse(b.updated_at));
    const start = typeof variables["after"] === "string" ? Number(Buffer.from(variables["after"], "base64url").toString()) : 0;
    const page = matching.slice(start, start + pageSize);
    const hasNextPage = matching.length > start + pageSize;
    return { data: { orders: { nodes: page.map(toGraphqlOrder), pageInfo: { hasNextPage, endCursor: hasNextPage ? Buffer.from(String(start + pageSize)).toString("base64url") : null } } } };
  };

  const operationOf = (request: RecordedRequest): string | undefined => {
    try {
      return (JSON.parse(request.body) as GraphqlRequest).operationName;
    } catch {
      return undefined;
    }
  };

  const answer = (request: RecordedRequest, response: ServerResponse) => {
    const fault = takeFaultFor(faults, operationOf(request));
    if (fault?.kind === "throttled") {
      return sendJson(response, 200, {
        errors: [{ message: "Throttled", extensions: { code: "THROTTLED" } }],
        extensions: { cost: { requestedQueryCost: 10, actualQueryCost: null, throttleStatus: { maximumAvailable: 2000, currentlyAvailable: fault.currentlyAvailable ?? 0, restoreRate: 100 } } },
      });
    }
    answerWithFault(farSideFault(fault), response, () => carryOut(request));
  };

  const carryOut = (request: RecordedRequest): ScriptedResponse => {
    if (request.method !== "POST" || !/^\/admin\/api\/\d{4}-\d{2}\/graphql\.json$/.test(request.path)) return { status: 404, body: { errors: "Not Found" } };
    if (request.headers["x-shopify-access-token"] !== options.token) return { status: 401, body: { errors: "[API] Invalid API key or access token (unrecognized login or wrong password)" } };
    const call = JSON.parse(request.body) as GraphqlRequest;
    const variables = call.variables ?? {};
    const result =
      call.operationName === "OrderFulfilment" ? orderFulfilment(variables)
      : call.operationName === "FulfillmentCreate" ? fulfillmentCreate(variables)
      : call.operationName === "ReconcileOrders" ? reconcileOrders(variables)
      : { errors: [{ message: `the simulator does not serve operation ${String(call.operationName)}` }] };
    return { status: 200, body: result };
  };

  const server = await startLocalServer(answer);
  let nextId = 5123456789012;

  return {
    url: server.url,
    adminUrl: `${server.url}/admin/api/2025-10/graphql.json`,
    shop,
    orders,
    fulfillments,
    requests: server.requests,
    fault: (...next) => void faults.push(...next),
    placeOrder(overrides = {}) {
      const at = clock().toISOString();
      const id = nextId++;
      const order: SimulatedOrder = {
        name: `#${1001 + orders.length}`,
        created_at: at,
        cancelled_at: null,
        closed_at: null,
        currency: "CNY",
        total_price: "256.00",
        total_discounts: "0.00",
        total_shipping_price_set: { shop_money: { amount: "0.00" } },
        financial_status: "paid",
        fulfillment_status: null,
        payment_gateway_names: ["shopify_payments"],
        note: null,
        phone: null,
        customer: { id: 7011223344, first_name: "四", last_name: "李", phone: null },
        shipping_address: { name: "李四", phone: "13900001111", province: "Zhejiang", city: "Hangzhou", address1: "文三路 90 号", address2: null, zip: "310012" },
        line_items: [{ sku: "TEA-LJ-250", variant_id: 4400001, name: "龙井 - 250g", title: "龙井", quantity: 2, price: "128.00" }],
        ...overrides,
        id,
        updated_at: at,
        fulfillmentOrders: [{ id: `gid://shopify/FulfillmentOrder/${id}01`, status: "OPEN" }],
      };
      orders.push(order);
      return order;
    },
    orderWebhook(order, topic, { webhookId } = {}) {
      const { fulfillmentOrders: _internal, ...sent } = order as SimulatedOrder;
      const body = JSON.stringify(sent);
      return {
        body,
        headers: {
          "content-type": "application/json",
          [TOPIC_HEADER]: topic,
          [SHOP_DOMAIN_HEADER]: shop,
          [WEBHOOK_ID_HEADER]: webhookId ?? randomUUID(),
          "x-shopify-triggered-at": clock().toISOString(),
          [HMAC_HEADER]: webhookHmac(options.webhookSecret, body),
        },
      };
    },
    deliver: deliverWebhook,
    close: () => server.close(),
  };
}

/** The order as GraphQL lists it: the inverse of the connector's fromGraphqlOrder, written from Shopify's schema. */
function toGraphqlOrder(order: SimulatedOrder): GraphqlOrder {
  const money = (amount: string | number | undefined) => ({ shopMoney: { amount: String(amount ?? "0.00") } });
  const address = order.shipping_address;
  return {
    legacyResourceId: String(order.id),
    name: order.name ?? "",
    createdAt: order.created_at,
    updatedAt: order.updated_at,
    cancelledAt: order.cancelled_at ?? null,
    closedAt: order.closed_at ?? null,
    note: order.note ?? null,
    phone: order.phone ?? null,
    currencyCode: order.currency,
    displayFinancialStatus: order.financial_status ? order.financial_status.toUpperCase() : null,
    displayFulfillmentStatus: order.fulfillment_status === "fulfilled" ? "FULFILLED" : order.fulfillment_status === "partial" ? "PARTIALLY_FULFILLED" : "UNFULFILLED",
    paymentGatewayNames: order.payment_gateway_names ?? [],
    totalPriceSet: money(order.total_price),
    totalDiscountsSet: money(order.total_discounts),
    totalShippingPriceSet: money(order.total_shipping_price_set?.shop_money.amount),
    customer: order.customer ? { legacyResourceId: String(order.customer.id), firstName: order.customer.first_name ?? null, lastName: order.customer.last_name ?? null, phone: order.customer.phone ?? null } : null,
    shippingAddress: address ? { ...address } : null,
    lineItems: { nodes: order.line_items.map((line) => ({ sku: line.sku ?? null, name: line.name ?? null, title: line.title, quantity: line.quantity, originalUnitPriceSet: money(line.price), variant: line.variant_id ? { legacyResourceId: String(line.variant_id) } : null })) },
  };
}
