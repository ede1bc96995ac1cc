/**
 * JD Logistics' LOP gateway, simulated over real HTTP for tests and demos. It
 * checks each call's md5-salt signature, quotes by a small rate table,
 * keeps one order per customer code and orderId (a repeat gets the first
 * waybill, as JD does), cancels before pickup and intercepts after it, and
 * keeps each waybill's trace, which tests advance. Faults come from
 * courier-kit's fault server.
 *
 * @example
 * const jd = await startJdSimulator({ appKey: "k", appSecret: "s", accessToken: "t" });
 * jd.fault({ kind: "lost_answer" });
 * jd.advance(waybillCode, "揽收", "京东快递已揽收");
 */
import { startFaultServer, type Answer, type Fault } from "@orderflow/courier-kit/simulator";
import type { RecordedRequest } from "@orderflow/connector-sdk/testing";
import { PATHS, type JdCancelRequest, type JdOrderRequest, type JdPrecheckRequest, type JdTraceDetail, type JdTraceRequest } from "../src/jd-messages";
import { LOP_ALGORITHM, LOP_VERSION, lopSignature } from "../src/signature";

export type { Fault } from "@orderflow/courier-kit/simulator";

export interface JdOrder {
  orderId: string;
  customerCode: string;
  waybillCode: string;
  request: JdOrderRequest;
  status: "placed" | "cancelled" | "intercepting";
  trace: JdTraceDetail[];
}

export interface JdSimulator {
  url: string;
  orders: JdOrder[];
  requests: RecordedRequest[];
  fault(...faults: Fault[]): void;
  pendingFaults(): number;
  /** Adds a node to a waybill's trace, as JD's scans do. */
  advance(waybillCode: string, title: string, remark?: string, at?: string): void;
  close(): Promise<void>;
}

const ok = (data: unknown): Answer => ({ status: 200, body: { code: 0, msg: "成功", data } });
const refuse = (code: number, msg: string): Answer => ({ status: 200, body: { code, msg } });
/** Yuan for the first kilogram and each further one, by product. */
const RATES: Record<string, { first: number; next: number; days: number }> = { "ed-m-0001": { first: 12, next: 2, days: 3 }, "ed-m-0002": { first: 23, next: 6, days: 1 } };

export async function startJdSimulator(options: { appKey: string; appSecret: string; accessToken: string; clock?: () => Date }): Promise<JdSimulator> {
  const clock = options.clock ?? (() => new Date());
  const orders: JdOrder[] = [];

  const precheck = (request: JdPrecheckRequest): Answer => {
    const rate = RATES[request.productsReq?.productCode ?? ""];
    if (!rate) return refuse(1001, `产品 ${request.productsReq?.productCode} 未开通`);
    const weight = Math.max(request.cargoes?.[0]?.weight ?? 0, (request.cargoes?.[0]?.volume ?? 0) / 8000);
    const price = rate.first + Math.max(0, Math.ceil(weight - 1)) * rate.next;
    return ok({ totalFreightPre: price, deliveryPromiseTime: clock().getTime() + rate.days * 86_400_000 });
  };

  const create = (request: JdOrderRequest): Answer => {
    if (!request.orderId || !request.customerCode) return refuse(1002, "orderId 与 customerCode 必填");
    if (!request.receiverContact?.fullAddress || !request.receiverContact?.mobile) return refuse(1003, "收件人地址与电话必填");
    let order = orders.find((o) => o.orderId === request.orderId && o.customerCode === request.customerCode);
    if (!order) {
      order = { orderId: request.orderId, customerCode: request.customerCode, waybillCode: `JDV${String(100000000001 + orders.length)}`, request, status: "placed", trace: [] };
      orders.push(order);
    }
    return ok({ waybillCode: order.waybillCode, orderCode: `ECO${order.waybillCode.slice(3)}` });
  };

  const cancel = (request: JdCancelRequest): Answer => {
    const order = orders.find((o) => o.waybillCode === request.waybillCode && o.customerCode === request.customerCode);
    if (!order) return refuse(2001, `运单 ${request.waybillCode} 不存在`);
    if (order.trace.some((node) => node.operationTitle.includes("签收"))) return ok({ resultType: 2 });
    order.status = order.trace.length > 0 ? "intercepting" : "cancelled";
    return ok({ resultType: order.status === "cancelled" ? 0 : 1 });
  };

  const trace = (request: JdTraceRequest): Answer => {
    const order = orders.find((o) => o.waybillCode === request.waybillCode);
    if (!order) return refuse(3001, `运单 ${request.waybillCode} 不存在`);
    return ok({ waybillCode: order.waybillCode, traceDetails: order.trace });
  };

  const handle = (request: RecordedRequest): Answer => {
    const q = request.query;
    if (q["LOP-DN"] !== "ECAP" || q["v"] !== LOP_VERSION || q["algorithm"] !== LOP_ALGORITHM || !q["timestamp"]) return refuse(401, "LOP-DN, v, algorithm and timestamp are required");
    if (q["app_key"] !== options.appKey || q["access_token"] !== options.accessToken) return refuse(402, "app_key or access_token is not authorised");
    const expected = lopSignature({ appKey: options.appKey, appSecret: options.appSecret, accessToken: options.accessToken, path: request.path, body: request.body, timestamp: q["timestamp"] });
    if (q["sign"] !== expected) return refuse(403, "签名校验失败 (sign does not match)");
    const body = JSON.parse(request.body) as unknown;
    if (!Array.isArray(body) || body.length !== 1) return refuse(400, "the body must be a JSON array holding the request");
    switch (request.path) {
      case PATHS.precheck:
        return precheck(body[0] as JdPrecheckRequest);
      case PATHS.create:
        return create(body[0] as JdOrderRequest);
      case PATHS.cancel:
        return cancel(body[0] as JdCancelRequest);
      case PATHS.trace:
        return trace(body[0] as JdTraceRequest);
      default:
        return { status: 404, body: { code: 404, msg: `no API at ${request.path}` } };
    }
  };

  const server = await startFaultServer({ handle, flowControl: () => refuse(429, "调用频率超限（限流），请稍后再试") });

  return {
    url: server.url,
    orders,
    requests: server.requests,
    fault: server.fault,
    pendingFaults: server.pendingFaults,
    advance(waybillCode, title, remark, at = "2026-11-22 10:00:00") {
      const order = orders.find((o) => o.waybillCode === waybillCode);
      if (!order) throw new Error(`the simulator issued no waybill ${waybillCode}`);
      order.trace.push({ waybillCode, operationTime: at, operationTitle: title, ...(remark ? { operationRemark: remark } : {}) });
    },
    close: () => server.close(),
  };
}
