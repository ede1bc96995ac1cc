/**
 * The JD open platform (JOS) gateway, simulated over real HTTP for tests and
 * demos: POST /routerjson with a signed form, answering the APIs the
 * connector calls (`jingdong.pop.order.search`, `jingdong.pop.order.get`,
 * `jingdong.pop.order.shipment`) the JOS way: results under
 * `<method>_responce`, gateway refusals as `error_response`, business
 * refusals as `success: false`. It checks the app key, the access token, the
 * signature and the timestamp.
 *
 * Faults for the next requests, one each: an HTTP status (5xx, 429 with
 * Retry-After), JOS flow control, a JOS system fault, a hang, a dropped
 * connection, a shipment carried out whose answer is lost; and for searches,
 * orders listed twice or in reverse order.
 *
 * @example
 * const jos = await startJosSimulator({ appKey: "A1", appSecret: "s", accessToken: "t" });
 * const order = jos.placeOrder();
 * jos.fault({ kind: "flow_control" });
 */
import type { ServerResponse } from "node:http";
import { secretWrappedMd5Problem, toBeijingTime } from "@orderflow/connector-sdk";
import { answerWithFault, farSideFault, sendJson, startLocalServer, type FarSideFault, type RecordedRequest, type ScriptedResponse } from "@orderflow/connector-sdk/testing";
import type { JdOrder } from "../src/jd-order";
import { responseKey, type JosErrorBody } from "../src/jos-client";

export type JosFault =
  | FarSideFault
  | { kind: "flow_control" }
  | { kind: "system_error" }
  /** A search that names each of its orders twice. */
  | { kind: "duplicate" }
  /** A search in the reverse of its order. */
  | { kind: "reverse" };

export interface JosShipment {
  orderId: string;
  logiCoprId: string;
  logiNo: string;
}

export interface JosSimulatorOptions {
  appKey: string;
  appSecret: string;
  accessToken: string;
  clock?: () => Date;
}

export type SimulatedOrder = JdOrder & { orderId: string; modified: string };

export interface JosSimulator {
  /** The gateway URL, for the connector's `gatewayUrl` setting. */
  gatewayUrl: string;
  orders: Map<string, SimulatedOrder>;
  shipments: JosShipment[];
  requests: RecordedRequest[];
  /** The API each request called, in order. */
  calls(): string[];
  fault(...faults: JosFault[]): void;
  /** A new paid order waiting to leave the warehouse, with sensible defaults. */
  placeOrder(overrides?: Partial<SimulatedOrder>): SimulatedOrder;
  /** Changes an order's state as the buyer or JD would, stamping it modified now. */
  setState(orderId: string, state: string): void;
  close(): Promise<void>;
}

const TIMESTAMP_WINDOW_MS = 10 * 60_000;
const paramsOf = (request: RecordedRequest) => Object.fromEntries(new URLSearchParams(request.body));

export async function startJosSimulator(options: JosSimulatorOptions): Promise<JosSimulator> {
  const clock = options.clock ?? (() => new Date());
  const faults: JosFault[] = [];
  const orders = new Map<string, SimulatedOrder>();
  const shipments: JosShipment[] = [];
  let nextId = 300_100_200_300;

  const refuse = (error: JosErrorBody) => ({ error_response: error });
  const ms = (jdTime: string | undefined) => (jdTime ? Date.parse(`${jdTime.replace(" ", "T")}+08:00`) : Number.NaN);

  const authProblem = (params: Record<string, string>): JosErrorBody | null => {
    if (params["app_key"] !== options.appKey) return { code: "20", zh_desc: "app_key 无效", en_desc: "Invalid app_key" };
    if (params["access_token"] !== options.accessToken) return { code: "19", zh_desc: "access_token已过期", en_desc: "Invalid access_token" };
    if (Number.isNaN(ms(params["timestamp"])) || Math.abs(ms(params["timestamp"]) - clock().getTime()) > TIMESTAMP_WINDOW_MS) return { code: "11", zh_desc: "时间戳参数无效", en_desc: "Invalid timestamp" };
    const problem = secretWrappedMd5Problem(params, options.appSecret);
    return problem ? { code: "16", zh_desc: "签名无效", en_desc: `Invalid sign: ${problem}` } : null;
  };

  const search = (business: Record<string, string>, fault: JosFault | undefined) => {
    const start = ms(business["start_date"]);
    const end = ms(business["end_date"]);
    if (Number.isNaN(start) || Number.isNaN(end)) return { apiResult: { success: false, englishErrCode: "PARAM_ERROR", chineseErr: "start_date 与 end_date 必填" } };
    const states = new Set((business["order_state"] ?? "").split(","));
    const page = Number(business["page"] ?? "1");
    const pageSize = Number(business["page_size"] ?? "20");
    const matching = [...orders.values()].filter((o) => states.has(o.orderState) && ms(o.modified) >= start && ms(o.modified) <= end).sort((a, b) => ms(a.modified) - ms(b.modified));
    let list = matching.slice((page - 1) * pageSize, page * pageSize).map((o) => structuredClone(o));
    if (fault?.kind === "duplicate") list = [...list, ...list];
    if (fault?.kind === "reverse") list = list.reverse();
    return { apiResult: { success: true }, orderTotal: matching.length, orderInfoList: list };
  };

  const get = (business: Record<string, string>) => {
    const order = orders.get(business["order_id"] ?? "");
    return order ? { apiResult: { success: true }, orderInfo: structuredClone(order) } : { apiResult: { success: false, englishErrCode: "ORDER_NOT_EXIST", chineseErr: `订单 ${business["order_id"]} 不存在` } };
  };

  const ship = (business: Record<string, string>) => {
    const orderId = business["orderId"] ?? "";
    const order = orders.get(orderId);
    if (!order) return { success: false, englishErrCode: "ORDER_NOT_EXIST", chineseErr: `订单 ${orderId} 不存在` };
    if (order.orderState !== "WAIT_SELLER_STOCK_OUT") return { success: false, englishErrCode: "ORDER_STATE_ERROR", chineseErr: `订单状态 ${order.orderState} 不允许出库` };
    Object.assign(order, { orderState: "WAIT_GOODS_RECEIVE_CONFIRM", waybill: business["logiNo"], modified: toBeijingTime(clock()) });
    shipments.push({ orderId, logiCoprId: business["logiCoprId"] ?? "", logiNo: business["logiNo"] ?? "" });
    return { success: true, englishErrCode: "", chineseErr: "" };
  };

  const answer = (request: RecordedRequest, response: ServerResponse) => {
    const fault = faults.shift();
    if (fault?.kind === "flow_control") return sendJson(response, 200, refuse({ code: "74", zh_desc: "接口调用过于频繁，请稍后再试", en_desc: "call limited" }));
    if (fault?.kind === "system_error") return sendJson(response, 200, refuse({ code: "66", zh_desc: "系统异常，请稍后再试", en_desc: "system error" }));
    answerWithFault(farSideFault(fault), response, () => carryOut(request, fault));
  };

  const carryOut = (request: RecordedRequest, fault: JosFault | undefined): ScriptedResponse => {
    if (request.method !== "POST" || request.path !== "/routerjson") return { status: 404, body: { error: "the JOS gateway is POST /routerjson" } };
    const params = paramsOf(request);
    const problem = authProblem(params);
    if (problem) return { status: 200, body: refuse(problem) };
    const api = params["method"] ?? "";
    let business: Record<string, string>;
    try {
      business = JSON.parse(params["360buy_param_json"] ?? "{}") as Record<string, string>;
    } catch {
      return { status: 200, body: refuse({ code: "15", zh_desc: "360buy_param_json 不是 JSON", en_desc: "Invalid 360buy_param_json" }) };
    }
    const results: Record<string, () => Record<string, unknown>> = {
      "jingdong.pop.order.search": () => ({ searchorderinfo_result: search(business, fault) }),
      "jingdong.pop.order.get": () => ({ orderDetailInfo: get(business) }),
      "jingdong.pop.order.shipment": () => ({ sopjosshipment_result: ship(business) }),
    };
    const result = results[api];
    if (!result) return { status: 200, body: refuse({ code: "22", zh_desc: `无效的方法 ${api}`, en_desc: "Invalid method" }) };
    const body = { [responseKey(api)]: { code: "0", ...result() } };
    return { status: 200, body };
  };

  const server = await startLocalServer(answer);

  return {
    gatewayUrl: `${server.url}/routerjson`,
    orders,
    shipments,
    requests: server.requests,
    calls: () => server.requests.map((r) => paramsOf(r)["method"] ?? "?"),
    fault: (...next) => void faults.push(...next),
    placeOrder(overrides = {}) {
      const orderId = String(nextId++);
      const at = toBeijingTime(clock());
      const order: SimulatedOrder = {
        orderId,
        payType: "4-在线支付",
        orderTotalPrice: "268.00",
        orderSellerPrice: "258.00",
        orderPayment: "258.00",
        freightPrice: "0.00",
        sellerDiscount: "10.00",
        orderState: "WAIT_SELLER_STOCK_OUT",
        orderRemark: "",
        orderStartTime: at,
        paymentConfirmTime: at,
        modified: at,
        pin: "jd_buyer_1",
        consigneeInfo: { fullname: "钱七", mobile: "13500004444", province: "北京", city: "北京市", county: "朝阳区", town: "", fullAddress: "北京北京市朝阳区建国路 88 号" },
        itemInfoList: [{ skuId: "100012345678", outerSkuId: "TEA-PE-357", skuName: "普洱茶饼 357g", jdPrice: "134.00", itemTotal: "2" }],
        ...overrides,
      };
      orders.set(orderId, order);
      return order;
    },
    setState(orderId, state) {
      const order = orders.get(orderId);
      if (!order) throw new Error(`no order ${orderId} in the simulator`);
      order.orderState = state;
      order.modified = toBeijingTime(clock());
    },
    close: () => server.close(),
  };
}
