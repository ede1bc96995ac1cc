/**
 * The PDD open platform gateway, simulated over real HTTP for tests and
 * demos: POST /api/router with a signed form, answering the APIs the
 * connector calls (`pdd.order.number.list.increment.get`,
 * `pdd.order.information.get`, `pdd.logistics.online.send`) the PDD way,
 * refusals included (HTTP 200 with `error_response`). It checks the client
 * id, the access token, the signature and the timestamp.
 *
 * Faults for the next requests, one each: an HTTP status (5xx, 429 with
 * Retry-After), PDD flow control (70031), a PDD system error (50000), a hang,
 * a dropped connection, a send carried out whose answer is lost; and for
 * listings, orders listed twice or in reverse order.
 *
 * @example
 * const pdd = await startPopSimulator({ clientId: "c", clientSecret: "s", accessToken: "t" });
 * const order = pdd.placeOrder();
 * pdd.fault({ kind: "flow_control" });
 */
import type { ServerResponse } from "node:http";
import { secretWrappedMd5Problem, toBeijingTime } from "@orderflow/connector-sdk";
import { answerWithFault, farSideFault, sendJson, startLocalServer, type FarSideFault, type RecordedRequest, type ScriptedResponse } from "@orderflow/connector-sdk/testing";
import type { PddOrder } from "../src/pdd-order";
import type { PopErrorBody } from "../src/pop-client";

export type PopFault =
  | FarSideFault
  | { kind: "flow_control" }
  | { kind: "system_error" }
  /** A listing that names each of its orders twice. */
  | { kind: "duplicate" }
  /** A listing in the reverse of PDD's order (oldest updated first). */
  | { kind: "reverse" };

export interface PopShipment {
  orderSn: string;
  logisticsId: string;
  trackingNumber: string;
}

export interface PopSimulatorOptions {
  clientId: string;
  clientSecret: string;
  accessToken: string;
  clock?: () => Date;
}

export type SimulatedOrder = PddOrder & { updated_at: string };

export interface PopSimulator {
  /** The gateway URL, for the connector's `gatewayUrl` setting. */
  gatewayUrl: string;
  orders: Map<string, SimulatedOrder>;
  shipments: PopShipment[];
  requests: RecordedRequest[];
  /** The API each request called, in order. */
  calls(): string[];
  fault(...faults: PopFault[]): void;
  /** A new formed, paid order awaiting shipment, with sensible defaults. */
  placeOrder(overrides?: Partial<SimulatedOrder>): SimulatedOrder;
  /** Changes an order as the buyer or PDD would, stamping it updated now. */
  update(orderSn: string, changes: Partial<PddOrder>): void;
  close(): Promise<void>;
}

const SPAN_LIMIT_S = 30 * 60;
const TIMESTAMP_WINDOW_S = 10 * 60;

export async function startPopSimulator(options: PopSimulatorOptions): Promise<PopSimulator> {
  const clock = options.clock ?? (() => new Date());
  const faults: PopFault[] = [];
  const orders = new Map<string, SimulatedOrder>();
  const shipments: PopShipment[] = [];
  let serial = 0;

  const refuse = (error: PopErrorBody) => ({ error_response: { request_id: "sim", ...error } });
  const seconds = (pddTime: string) => Date.parse(`${pddTime.replace(" ", "T")}+08:00`) / 1000;

  const authProblem = (params: Record<string, string>): PopErrorBody | null => {
    if (params["client_id"] !== options.clientId) return { error_code: 10016, error_msg: "client_id不存在" };
    if (params["access_token"] !== options.accessToken) return { error_code: 10019, error_msg: "access_token已过期" };
    const at = Number(params["timestamp"]);
    if (!Number.isFinite(at) || Math.abs(at - clock().getTime() / 1000) > TIMESTAMP_WINDOW_S) return { error_code: 10000, error_msg: "参数错误", sub_msg: "timestamp is too far from the server's clock" };
    const problem = secretWrappedMd5Problem(params, options.clientSecret);
    return problem ? { error_code: 20004, error_msg: "签名错误", sub_msg: problem } : null;
  };

  const increment = (params: Record<string, string>, fault: PopFault | undefined) => {
    const start = Number(params["start_updated_at"]);
    const end = Number(params["end_updated_at"]);
    if (!Number.isFinite(start) || !Number.isFinite(end)) return refuse({ error_code: 10000, error_msg: "参数错误", sub_msg: "start_updated_at and end_updated_at are required" });
    if (end - start > SPAN_LIMIT_S) return refuse({ error_code: 10000, error_msg: "参数错误", sub_msg: "开始时间结束时间间距不超过 30 分钟" });
    const page = Number(params["page"] ?? "1");
    const pageSize = Number(params["page_size"] ?? "100");
    const matching = [...orders.values()].filter((o) => seconds(o.updated_at) >= start && seconds(o.updated_at) <= end).sort((a, b) => seconds(b.updated_at) - seconds(a.updated_at));
    let list = matching.slice((page - 1) * pageSize, page * pageSize).map((o) => structuredClone(o));
    if (fault?.kind === "duplicate") list = [...list, ...list];
    if (fault?.kind === "reverse") list = list.reverse();
    return { order_sn_increment_get_response: { total_count: matching.length, has_next: matching.length > page * pageSize, order_sn_list: list } };
  };

  const information = (params: Record<string, string>) => {
    const order = orders.get(params["order_sn"] ?? "");
    if (!order) return refuse({ error_code: 10000, error_msg: "参数错误", sub_msg: `订单 ${params["order_sn"]} 不存在` });
    return { order_info_get_response: { order_info: structuredClone(order) } };
  };

  const send = (params: Record<string, string>) => {
    const orderSn = params["order_sn"] ?? "";
    const order = orders.get(orderSn);
    if (!order) return refuse({ error_code: 10000, error_msg: "参数错误", sub_msg: `订单 ${orderSn} 不存在` });
    if (!params["logistics_id"] || !params["tracking_number"]) return refuse({ error_code: 10000, error_msg: "参数错误", sub_msg: "logistics_id and tracking_number are required" });
    if (order.order_status !== 1 || order.refund_status === 4) return refuse({ error_code: 10000, error_msg: "参数错误", sub_code: "order.status.not.allowed", sub_msg: `订单 ${orderSn} 当前状态不允许发货` });
    Object.assign(order, { order_status: 2, tracking_number: params["tracking_number"], logistics_id: Number(params["logistics_id"]), updated_at: toBeijingTime(clock()) });
    shipments.push({ orderSn, logisticsId: params["logistics_id"], trackingNumber: params["tracking_number"] });
    return { logistics_online_send_response: { is_success: true, request_id: "sim" } };
  };

  const answer = (request: RecordedRequest, response: ServerResponse) => {
    const fault = faults.shift();
    if (fault?.kind === "flow_control") return sendJson(response, 200, refuse({ error_code: 70031, error_msg: "调用过于频繁，请调整调用频率" }));
    if (fault?.kind === "system_error") return sendJson(response, 200, refuse({ error_code: 50000, error_msg: "系统异常" }));
    answerWithFault(farSideFault(fault), response, () => carryOut(request, fault));
  };

  const carryOut = (request: RecordedRequest, fault: PopFault | undefined): ScriptedResponse => {
    if (request.method !== "POST" || request.path !== "/api/router") return { status: 404, body: { error: "the PDD gateway is POST /api/router" } };
    const params = Object.fromEntries(new URLSearchParams(request.body));
    const problem = authProblem(params);
    if (problem) return { status: 200, body: refuse(problem) };
    const api = params["type"] ?? "";
    const result =
      api === "pdd.order.number.list.increment.get" ? increment(params, fault) : api === "pdd.order.information.get" ? information(params) : api === "pdd.logistics.online.send" ? send(params) : refuse({ error_code: 10001, error_msg: `未知接口 ${api}` });
    return { status: 200, body: result };
  };

  const server = await startLocalServer(answer);

  return {
    gatewayUrl: `${server.url}/api/router`,
    orders,
    shipments,
    requests: server.requests,
    calls: () => server.requests.map((r) => new URLSearchParams(r.body).get("type") ?? "?"),
    fault: (...next) => void faults.push(...next),
    placeOrder(overrides = {}) {
      const at = toBeijingTime(clock());
      const orderSn = `261122-${String(84_512_345_678_901 + serial++)}`;
      const order: SimulatedOrder = {
        order_sn: orderSn,
        order_status: 1,
        refund_status: 1,
        confirm_status: 1,
        created_time: at,
        confirm_time: at,
        pay_time: at,
        updated_at: at,
        receiver_name: "赵六",
        receiver_phone: "13600003333",
        province: "江苏省",
        city: "苏州市",
        town: "吴中区",
        receiver_address: "东吴北路 66 号",
        address: "江苏省苏州市吴中区东吴北路 66 号",
        item_list: [{ goods_id: 300001, sku_id: 700001, outer_id: "TEA-BLC-100", goods_name: "碧螺春 100g", goods_price: "59.90", goods_count: 2, goods_spec: "罐装" }],
        goods_amount: "119.80",
        discount_amount: "10.00",
        postage: "0.00",
        pay_amount: "109.80",
        buyer_memo: "",
        ...overrides,
      };
      orders.set(orderSn, order);
      return order;
    },
    update(orderSn, changes) {
      const order = orders.get(orderSn);
      if (!order) throw new Error(`no order ${orderSn} in the simulator`);
      Object.assign(order, changes, { updated_at: toBeijingTime(clock()) });
    },
    close: () => server.close(),
  };
}
