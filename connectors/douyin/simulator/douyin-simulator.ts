/**
 * A Douyin shop on the open platform, simulated over real HTTP for tests and
 * demos. It serves the calls the connector makes (POST /token/refresh,
 * /order/orderDetail, /order/searchList, /order/logisticsAdd), checks each
 * call's signature, timestamp and access token as the platform does,
 * rotates refresh tokens, keeps orders and their shipments, sends signed
 * push messages, and misbehaves on request: 5xx, 429 with Retry-After, the
 * gateway's "quota spent" code, a hang, a dropped connection, or a call
 * carried out whose answer is lost. Like the platform it knows no
 * idempotency key: a repeated logisticsAdd is refused because the order has
 * shipped.
 *
 * @example
 * const shop = await startDouyinSimulator({ appKey: "7301", appSecret: "s", refreshToken: "r1" });
 * const order = shop.placeOrder();
 * shop.fault({ kind: "lost_answer", on: "order.logisticsAdd" });
 * await shop.deliver(receiverUrl, shop.pushMessage("101", order), { times: 2 });
 */
import { randomUUID } from "node:crypto";
import type { ServerResponse } from "node:http";
import { answerWithFault, deliverWebhook, farSideFault, takeFaultFor, sendJson, startLocalServer, type FarSideFault, type RecordedRequest, type ScriptedResponse } from "@orderflow/connector-sdk/testing";
import type { DouyinOrder } from "../src/douyin-order";
import { apiSign, APP_ID_HEADER, EVENT_SIGN_HEADER, messageSign, parseBeijingTimestamp, type SignMethod } from "../src/douyin-signing";

export type Fault = (
  | FarSideFault
  /** The gateway's "call quota spent" answer: HTTP 200, code 90000. */
  | { kind: "busy" }
) & {
  /** Only for a call of this method (e.g. order.logisticsAdd); the next call of any kind when absent. */
  on?: string;
};

export interface SimulatedShipment {
  orderId: string;
  companyCode: string;
  trackingNo: string;
}

export type SimulatedOrder = DouyinOrder & { update_time: number };

export interface DouyinSimulatorOptions {
  appKey: string;
  appSecret: string;
  /** The refresh token the shop's authorisation starts with. */
  refreshToken: string;
  shopId?: string;
  /** Seconds an access token lives; 7 days by default, as the platform gives. */
  accessTokenSeconds?: number;
  clock?: () => Date;
  /** The most orders order.searchList gives per page. */
  pageSize?: number;
}

export interface DouyinSimulator {
  url: string;
  shopId: string;
  orders: SimulatedOrder[];
  shipments: SimulatedShipment[];
  /** Every token renewal, with the refresh token it spent. */
  renewals: string[];
  requests: RecordedRequest[];
  /** Faults for the next calls (of the method each names), one each, in order. */
  fault(...faults: Fault[]): void;
  placeOrder(overrides?: Partial<DouyinOrder>): SimulatedOrder;
  /** A signed push of one message (or several, a batch); a new msg_id unless one is given (a redelivery). */
  pushMessage(tag: string, order: DouyinOrder, options?: { msgId?: string; extra?: Record<string, unknown> }): { headers: Record<string, string>; body: string };
  pushBatch(messages: { tag: string; order: DouyinOrder }[]): { headers: Record<string, string>; body: string };
  deliver: typeof deliverWebhook;
  close(): Promise<void>;
}

const ok = (data: unknown) => ({ code: 10000, msg: "success", sub_code: "", sub_msg: "", data, log_id: randomUUID() });
const refusal = (code: number, msg: string, subCode = "", subMsg = "") => ({ code, msg, sub_code: subCode, sub_msg: subMsg, log_id: randomUUID() });

export async function startDouyinSimulator(options: DouyinSimulatorOptions): Promise<DouyinSimulator> {
  const clock = options.clock ?? (() => new Date());
  const shopId = options.shopId ?? "77001234";
  const pageSize = options.pageSize ?? 100;
  const lifetime = options.accessTokenSeconds ?? 604_800;
  const faults: Fault[] = [];
  const orders: SimulatedOrder[] = [];
  const shipments: SimulatedShipment[] = [];
  const renewals: string[] = [];
  const accessTokens = new Map<string, number>();
  let refreshToken = options.refreshToken;
  let nextOrder = 4781320682406083640n;
  const now = () => Math.floor(clock().getTime() / 1000);

  /** Why the call's signature, timestamp or token is not accepted, or null. */
  const refuseCall = (request: RecordedRequest, method: string, needsToken: boolean) => {
    const q = request.query;
    if (q["app_key"] !== options.appKey) return refusal(30001, "app_key不存在", "isv.app-key-invalid");
    if (q["method"] !== method) return refusal(40002, "method与路径不符", "isv.method-mismatch");
    if (q["v"] !== "2") return refusal(40002, "v 必须为 2");
    const at = parseBeijingTimestamp(q["timestamp"] ?? "");
    if (Number.isNaN(at) || Math.abs(at - clock().getTime()) > 10 * 60_000) return refusal(40002, "timestamp 与服务器时间相差超过10分钟", "isv.timestamp-invalid");
    const signMethod = (q["sign_method"] ?? "md5") as SignMethod;
    const expected = apiSign(options.appSecret, signMethod, { appKey: options.appKey, method, paramJson: request.body, timestamp: q["timestamp"]! });
    if (q["sign"] !== expected) return refusal(40003, "签名错误", "isv.sign-invalid");
    if (needsToken) {
      const expires = accessTokens.get(q["access_token"] ?? "");
      if (expires === undefined || expires <= now()) return refusal(30001, "access_token不存在或已过期", "isv.access-token-expired");
    }
    return null;
  };

  const orderById = (id: unknown) => orders.find((o) => o.order_id === String(id));

  const handlers: Record<string, (params: Record<string, unknown>) => unknown> = {
    "token.refresh": (params) => {
      if (params["grant_type"] !== "refresh_token" || params["refresh_token"] !== refreshToken) return refusal(30002, "refresh_token无效或已过期", "isv.refresh-token-invalid");
      renewals.push(refreshToken);
      refreshToken = `refresh-${renewals.length + 1}`;
      const accessToken = `access-${renewals.length}`;
      accessTokens.set(accessToken, now() + lifetime);
      return ok({ access_token: accessToken, expires_in: lifetime, refresh_token: refreshToken, scope: "SCOPE", shop_id: Number(shopId), shop_name: "模拟店铺" });
    },
    "order.orderDetail": (params) => {
      const order = orderById(params["shop_order_id"]);
      return order ? ok({ shop_order_detail: order }) : refusal(50002, "业务处理失败", "isv.business-failed:订单不存在", "订单不存在");
    },
    "order.searchList": (params) => {
      const since = Number(params["update_time_start"]);
      const until = Number(params["update_time_end"]);
      const page = Number(params["page"] ?? 0);
      const size = Math.min(Number(params["size"] ?? 10), pageSize);
      const matching = orders.filter((o) => o.update_time >= since && o.update_time <= until).sort((a, b) => a.update_time - b.update_time);
      return ok({ shop_order_list: matching.slice(page * size, (page + 1) * size), total: matching.length, page, size });
    },
    "order.logisticsAdd": (params) => {
      const order = orderById(params["order_id"]);
      if (!order) return refusal(50002, "业务处理失败", "isv.business-failed:订单不存在", "订单不存在");
      if (order.order_status === 4) return refusal(50002, "业务处理失败", "isv.business-failed:订单已取消", "订单已取消，无法发货");
      if (order.order_status === 3 || order.order_status === 5) return refusal(50002, "业务处理失败", "isv.business-failed:订单已发货", "该订单已发货，不能重复发货");
      const shipment: SimulatedShipment = { orderId: order.order_id, companyCode: String(params["company_code"]), trackingNo: String(params["logistics_code"]) };
      shipments.push(shipment);
      order.order_status = 3;
      order.order_status_desc = "已发货";
      order.logistics_info = [{ tracking_no: shipment.trackingNo, company: shipment.companyCode }];
      order.update_time = now();
      return ok({});
    },
  };

  const methodOf = (request: RecordedRequest) => request.query["method"] ?? request.path.slice(1).replaceAll("/", ".");

  const answer = (request: RecordedRequest, response: ServerResponse) => {
    const fault = takeFaultFor(faults, methodOf(request));
    if (fault?.kind === "busy") return sendJson(response, 200, refusal(90000, "服务调用频率超限", "isv.frequency-limit", "调用频率超限"));
    answerWithFault(farSideFault(fault), response, () => carryOut(request));
  };

  const carryOut = (request: RecordedRequest): ScriptedResponse => {
    const method = request.path.slice(1).replaceAll("/", ".");
    const handler = handlers[method];
    if (request.method !== "POST" || !handler) return { status: 404, body: { message: `the simulator does not serve ${request.method} ${request.path}` } };
    let params: Record<string, unknown>;
    try {
      params = JSON.parse(request.body || "{}") as Record<string, unknown>;
    } catch {
      return { status: 200, body: refusal(40001, "param_json 不是合法的 JSON") };
    }
    return { status: 200, body: refuseCall(request, method, method !== "token.refresh") ?? handler(params) };
  };

  const server = await startLocalServer(answer);

  const messageData = (tag: string, order: DouyinOrder, extra: Record<string, unknown>) => {
    const fields = { shop_id: Number(shopId), order_status: order.order_status, ...(tag === "101" ? { pay_time: order.pay_time ?? now(), pay_amount: order.pay_amount } : {}), ...extra };
    // p_id is written as the platform writes it: a bare 19-digit integer.
    return `{"p_id":${order.order_id},${JSON.stringify(fields).slice(1)}`;
  };
  const signed = (body: string) => ({ body, headers: { "content-type": "application/json", [APP_ID_HEADER]: options.appKey, [EVENT_SIGN_HEADER]: messageSign(options.appKey, options.appSecret, body) } });

  return {
    url: server.url,
    shopId,
    orders,
    shipments,
    renewals,
    requests: server.requests,
    fault: (...next) => void faults.push(...next),
    placeOrder(overrides = {}) {
      const created = now();
      const order: SimulatedOrder = {
        order_id: String(nextOrder++),
        order_status: 2,
        order_status_desc: "备货中",
        pay_type: 1,
        create_time: created - 60,
        pay_time: created - 30,
        order_amount: 25600,
        pay_amount: 25600,
        post_amount: 0,
        promotion_amount: 0,
        buyer_words: "",
        doudian_open_id: "1@#buyer",
        mask_post_receiver: "李**",
        mask_post_tel: "139****1111",
        mask_post_addr: { province: { name: "浙江省" }, city: { name: "杭州市" }, town: { name: "西湖区" }, street: { name: "文新街道" }, detail: "文三路***号" },
        sku_order_list: [{ product_name: "龙井 250g", code: "TEA-LJ-250", sku_id: 1780001, item_num: 2, origin_amount: 25600 }],
        logistics_info: [],
        ...overrides,
        update_time: created,
      };
      orders.push(order);
      return order;
    },
    pushMessage(tag, order, { msgId, extra = {} } = {}) {
      return signed(JSON.stringify([{ tag, msg_id: msgId ?? randomUUID(), data: messageData(tag, order, extra) }]));
    },
    pushBatch(messages) {
      return signed(JSON.stringify(messages.map(({ tag, order }) => ({ tag, msg_id: randomUUID(), data: messageData(tag, order, {}) }))));
    },
    deliver: deliverWebhook,
    close: () => server.close(),
  };
}
