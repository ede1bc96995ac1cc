/**
 * A shop's own web site, simulated over real HTTP for tests and demos. It
 * keeps orders (listed at GET /orders for reconciliation), takes signed
 * shipments at POST /shipments (recording each once per idempotency key),
 * sends signed order webhooks, and misbehaves on request: the next requests
 * can answer 5xx, 429 with Retry-After, hang, drop the connection, or carry
 * out the request and lose the answer.
 *
 * @example
 * const shop = await startShopSimulator({ secret: "s3cret" });
 * shop.fault({ kind: "status", status: 503 }, { kind: "lost_answer" });
 * const order = shop.placeOrder({ number: "WS-1001" });
 * await shop.deliver(receiverUrl, shop.orderWebhook(order), { times: 2 });
 */
import type { ServerResponse } from "node:http";
import { answerWithFault, deliverWebhook, startLocalServer, type FarSideFault, type RecordedRequest, type ScriptedResponse } from "@orderflow/connector-sdk/testing";
import type { ShopOrder } from "../src/shop-order";
import { SIGNATURE_HEADER, signatureHeaders, signatureProblem, TIMESTAMP_HEADER } from "../src/signature";

export type Fault = FarSideFault;

export interface Shipment {
  id: string;
  orderNumber: string;
  courier: string;
  trackingNumber: string;
  shippedAt: string;
  idempotencyKey: string | undefined;
}

export type ListedShopOrder = ShopOrder & { updated_at: string };

export interface ShopSimulatorOptions {
  secret: string;
  clock?: () => Date;
  /** Orders per page at GET /orders. */
  pageSize?: number;
  /** Where to listen on 127.0.0.1; a free port by default. */
  port?: number;
}

export interface ShopSimulator {
  url: string;
  shipmentUrl: string;
  ordersUrl: string;
  orders: ListedShopOrder[];
  shipments: Shipment[];
  requests: RecordedRequest[];
  /** Faults for the next requests, one each, in order. */
  fault(...faults: Fault[]): void;
  /** A new order in the shop, with sensible defaults. */
  placeOrder(overrides?: Partial<ShopOrder>): ListedShopOrder;
  /** A signed delivery as the shop sends it; a new event id each time, as shops do when they retry. */
  orderWebhook(order: ShopOrder, event?: "order.created" | "order.paid" | "order.cancelled" | "ping"): { headers: Record<string, string>; body: string };
  /** Posts a delivery to `url` `times` times; resolves with each answer's status. */
  deliver: typeof deliverWebhook;
  close(): Promise<void>;
}

export async function startShopSimulator(options: ShopSimulatorOptions): Promise<ShopSimulator> {
  const clock = options.clock ?? (() => new Date());
  const pageSize = options.pageSize ?? 50;
  const faults: Fault[] = [];
  const orders: ListedShopOrder[] = [];
  const shipments: Shipment[] = [];
  let events = 0;

  const signedByOrderflow = (request: RecordedRequest): string | null => {
    return signatureProblem(options.secret, clock(), 300, { timestamp: request.headers[TIMESTAMP_HEADER], signature: request.headers[SIGNATURE_HEADER] }, request.body, {
      method: request.method,
      pathAndQuery: request.target,
    });
  };

  const takeShipment = (request: RecordedRequest): { status: number; body: unknown } => {
    const key = request.headers["idempotency-key"];
    const earlier = key === undefined ? undefined : shipments.find((s) => s.idempotencyKey === key);
    if (earlier) return { status: 200, body: { id: earlier.id } };
    const body = JSON.parse(request.body) as { order_number: string; courier: string; tracking_number: string; shipped_at: string };
    if (!orders.some((o) => o.number === body.order_number)) return { status: 404, body: { error: `no order ${body.order_number}` } };
    const other = shipments.find((s) => s.orderNumber === body.order_number && s.trackingNumber !== body.tracking_number);
    if (other) return { status: 409, body: { error: `order ${body.order_number} already shipped as ${other.trackingNumber}` } };
    const shipment: Shipment = { id: `shp_${shipments.length + 1}`, orderNumber: body.order_number, courier: body.courier, trackingNumber: body.tracking_number, shippedAt: body.shipped_at, idempotencyKey: key };
    shipments.push(shipment);
    return { status: 201, body: { id: shipment.id } };
  };

  const listOrders = (request: RecordedRequest): { status: number; body: unknown } => {
    const since = Date.parse(request.query["updated_since"] ?? "");
    const until = Date.parse(request.query["updated_until"] ?? "");
    if (Number.isNaN(since) || Number.isNaN(until)) return { status: 400, body: { error: "updated_since and updated_until are required" } };
    const page = Number(request.query["page"] ?? "1");
    const matching = orders.filter((o) => Date.parse(o.updated_at) >= since && Date.parse(o.updated_at) <= until);
    const slice = matching.slice((page - 1) * pageSize, page * pageSize);
    return { status: 200, body: { orders: slice, next_page: matching.length > page * pageSize ? String(page + 1) : null } };
  };

  const carryOut = (request: RecordedRequest): ScriptedResponse => {
    const problem = signedByOrderflow(request);
    if (problem) return { status: 401, body: { error: problem } };
    return request.method === "POST" && request.path === "/shipments" ? takeShipment(request) : request.method === "GET" && request.path === "/orders" ? listOrders(request) : { status: 404, body: { error: "no such endpoint" } };
  };

  const answer = (request: RecordedRequest, response: ServerResponse) => answerWithFault(faults.shift(), response, () => carryOut(request));

  const server = await startLocalServer(answer, { port: options.port ?? 0 });

  return {
    url: server.url,
    shipmentUrl: `${server.url}/shipments`,
    ordersUrl: `${server.url}/orders`,
    orders,
    shipments,
    requests: server.requests,
    fault: (...next) => void faults.push(...next),
    placeOrder(overrides = {}) {
      const at = clock().toISOString();
      const order: ListedShopOrder = {
        number: `WS-${1001 + orders.length}`,
        created_at: at,
        paid_at: at,
        status: "paid",
        currency: "CNY",
        customer: { id: "c-1", name: "李四", phone: "13900001111" },
        shipping_address: { province: "浙江省", city: "杭州市", district: "西湖区", street: "文三路 90 号", postcode: "310012" },
        items: [{ sku: "TEA-LJ-250", title: "龙井 250g", quantity: 2, price: "128.00", category: "tea" }],
        shipping_fee: "0.00",
        discount: "0.00",
        total: "256.00",
        note: "",
        delivery: "standard",
        ...overrides,
        updated_at: at,
      };
      orders.push(order);
      return order;
    },
    orderWebhook(order, event = "order.created") {
      const { updated_at: _updated, ...sent } = order as ListedShopOrder;
      const body = JSON.stringify({ event, id: `evt_${++events}`, order: sent });
      return { body, headers: { "content-type": "application/json", ...signatureHeaders(options.secret, clock(), body) } };
    },
    deliver: deliverWebhook,
    close: () => server.close(),
  };
}
