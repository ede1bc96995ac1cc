/**
 * The Taobao open platform (TOP) gateway, simulated over real HTTP for tests
 * and demos: /router/rest with signed parameters (GET query or POST form), answering the three APIs
 * the connector calls (`taobao.trades.sold.increment.get`,
 * `taobao.trade.fullinfo.get`, `taobao.logistics.offline.send`) the TOP way,
 * refusals included (HTTP 200 with `error_response`). It checks the app key,
 * the session, the signature and the ten-minute timestamp window.
 *
 * Faults for the next requests, one each: an HTTP status (5xx, 429 with
 * Retry-After), TOP flow control (code 7 with a ban), a TOP remote-service
 * fault (code 15, `isp.*`), a hang, a dropped connection, a send carried out
 * whose answer is lost; and for listings, trades listed twice or in reverse
 * order.
 *
 * @example
 * const top = await startTopSimulator({ appKey: "12345678", appSecret: "s", session: "sess" });
 * const trade = top.placeTrade();
 * top.fault({ kind: "flow_control", banSeconds: 3 });
 */
import type { ServerResponse } from "node:http";
import { toBeijingTime } from "@orderflow/connector-sdk";
import { answerWithFault, farSideFault, sendJson, startLocalServer, type FarSideFault, type RecordedRequest, type ScriptedResponse } from "@orderflow/connector-sdk/testing";
import type { TaobaoTrade } from "../src/taobao-trade";
import { responseKey, type TopErrorBody } from "../src/top-client";
import { topSignatureProblem } from "../src/top-signature";

export type TopFault =
  | FarSideFault
  | { kind: "flow_control"; banSeconds: number }
  | { kind: "isp_error" }
  /** A listing that names each of its trades twice. */
  | { kind: "duplicate" }
  /** A listing in the reverse of TOP's order (oldest modified first). */
  | { kind: "reverse" };

export interface TopShipment {
  tid: string;
  companyCode: string;
  outSid: string;
}

export interface TopSimulatorOptions {
  appKey: string;
  appSecret: string;
  session: string;
  clock?: () => Date;
}

export type SimulatedTrade = TaobaoTrade & { tid_str: string; modified: string };

export interface TopSimulator {
  /** The gateway URL, for the connector's `gatewayUrl` setting. */
  gatewayUrl: string;
  trades: Map<string, SimulatedTrade>;
  shipments: TopShipment[];
  requests: RecordedRequest[];
  /** The API each request called, in order. */
  calls(): string[];
  fault(...faults: TopFault[]): void;
  /** A new paid trade awaiting shipment, with sensible defaults. */
  placeTrade(overrides?: Partial<SimulatedTrade>): SimulatedTrade;
  /** Changes a trade's status as the buyer or TOP would, stamping it modified now. */
  setStatus(tid: string, status: string): void;
  close(): Promise<void>;
}

const DAY_MS = 24 * 3_600_000;

/** TOP takes its parameters in the query (GET) or as a form (POST). */
const paramsOf = (request: RecordedRequest): Record<string, string> => (request.method === "GET" ? request.query : Object.fromEntries(new URLSearchParams(request.body)));
const TEN_MINUTES_MS = 10 * 60_000;

export async function startTopSimulator(options: TopSimulatorOptions): Promise<TopSimulator> {
  const clock = options.clock ?? (() => new Date());
  const faults: TopFault[] = [];
  const trades = new Map<string, SimulatedTrade>();
  const shipments: TopShipment[] = [];
  let nextTid = 4_100_000_000_000_000_001n;

  const refuse = (error: TopErrorBody) => ({ error_response: { request_id: "sim", ...error } });

  const authProblem = (params: Record<string, string>): TopErrorBody | null => {
    if (params["app_key"] !== options.appKey) return { code: 29, msg: "Invalid app Key" };
    if (!params["session"]) return { code: 26, msg: "Missing session" };
    if (params["session"] !== options.session) return { code: 27, msg: "Invalid session" };
    const at = Date.parse(`${(params["timestamp"] ?? "").replace(" ", "T")}+08:00`);
    if (Number.isNaN(at) || Math.abs(at - clock().getTime()) > TEN_MINUTES_MS) return { code: 31, msg: "Invalid timestamp" };
    const problem = topSignatureProblem(params, options.appSecret);
    return problem ? { code: 25, msg: "Invalid signature", sub_msg: problem } : null;
  };

  const parseTopTime = (value: string | undefined) => (value ? Date.parse(`${value.replace(" ", "T")}+08:00`) : Number.NaN);

  const increment = (params: Record<string, string>, fault: TopFault | undefined) => {
    const start = parseTopTime(params["start_modified"]);
    const end = parseTopTime(params["end_modified"]);
    if (Number.isNaN(start) || Number.isNaN(end)) return refuse({ code: 41, msg: "Missing Required Arguments", sub_code: "isv.missing-parameter", sub_msg: "start_modified and end_modified are required" });
    if (end - start > DAY_MS) return refuse({ code: 15, msg: "Remote service error", sub_code: "isv.invalid-parameter", sub_msg: "end_modified - start_modified must be at most one day" });
    const pageNo = Number(params["page_no"] ?? "1");
    const pageSize = Number(params["page_size"] ?? "40");
    const matching = [...trades.values()].filter((t) => parseTopTime(t.modified) >= start && parseTopTime(t.modified) <= end).sort((a, b) => parseTopTime(b.modified) - parseTopTime(a.modified));
    let page = matching.slice((pageNo - 1) * pageSize, pageNo * pageSize).map((t) => ({ tid: Number(t.tid_str), tid_str: t.tid_str, status: t.status, modified: t.modified }));
    if (fault?.kind === "duplicate") page = [...page, ...page];
    if (fault?.kind === "reverse") page = page.reverse();
    return { total_results: matching.length, has_next: matching.length > pageNo * pageSize, trades: { trade: page } };
  };

  const fullinfo = (params: Record<string, string>) => {
    const trade = trades.get(params["tid"] ?? "");
    return trade ? { trade: structuredClone(trade) } : refuse({ code: 15, msg: "Remote service error", sub_code: "isv.trade-not-exist", sub_msg: `trade ${params["tid"]} does not exist` });
  };

  const offlineSend = (params: Record<string, string>) => {
    const tid = params["tid"] ?? "";
    const trade = trades.get(tid);
    if (!trade) return refuse({ code: 15, msg: "Remote service error", sub_code: "isv.logistics-offline-service-error:B01", sub_msg: `trade ${tid} does not exist` });
    if (!params["out_sid"] || !params["company_code"]) return refuse({ code: 41, msg: "Missing Required Arguments", sub_code: "isv.missing-parameter", sub_msg: "out_sid and company_code are required" });
    if (trade.status !== "WAIT_SELLER_SEND_GOODS") return refuse({ code: 15, msg: "Remote service error", sub_code: "isv.logistics-offline-service-error:B04", sub_msg: `trade ${tid} is ${trade.status}, it cannot be sent` });
    for (const line of trade.orders.order) Object.assign(line, { invoice_no: params["out_sid"], logistics_company: params["company_code"], status: "WAIT_BUYER_CONFIRM_GOODS" });
    trade.status = "WAIT_BUYER_CONFIRM_GOODS";
    trade.modified = toBeijingTime(clock());
    shipments.push({ tid, companyCode: params["company_code"], outSid: params["out_sid"] });
    return { shipping: { is_success: true } };
  };

  const answer = (request: RecordedRequest, response: ServerResponse) => {
    const fault = faults.shift();
    if (fault?.kind === "flow_control") return sendJson(response, 200, refuse({ code: 7, msg: "App Call Limited", sub_code: "accesscontrol.limited-by-app-access-count", sub_msg: `This ban will last for ${fault.banSeconds} more seconds` }));
    if (fault?.kind === "isp_error") return sendJson(response, 200, refuse({ code: 15, msg: "Remote service error", sub_code: "isp.top-remote-connection-timeout", sub_msg: "simulated back-end timeout" }));
    answerWithFault(farSideFault(fault), response, () => carryOut(request, fault));
  };

  const carryOut = (request: RecordedRequest, fault: TopFault | undefined): ScriptedResponse => {
    if (request.path !== "/router/rest") return { status: 404, body: { error: "the TOP gateway is /router/rest" } };
    const params = paramsOf(request);
    const problem = authProblem(params);
    if (problem) return { status: 200, body: refuse(problem) };
    const api = params["method"] ?? "";
    const result =
      api === "taobao.trades.sold.increment.get" ? increment(params, fault) : api === "taobao.trade.fullinfo.get" ? fullinfo(params) : api === "taobao.logistics.offline.send" ? offlineSend(params) : refuse({ code: 22, msg: "Invalid method" });
    return { status: 200, body: "error_response" in result ? result : { [responseKey(api)]: result } };
  };

  const server = await startLocalServer(answer);

  return {
    gatewayUrl: `${server.url}/router/rest`,
    trades,
    shipments,
    requests: server.requests,
    calls: () => server.requests.map((r) => paramsOf(r)["method"] ?? "?"),
    fault: (...next) => void faults.push(...next),
    placeTrade(overrides = {}) {
      const tid = String(nextTid++);
      const at = toBeijingTime(clock());
      const trade: SimulatedTrade = {
        tid: Number(tid),
        tid_str: tid,
        status: "WAIT_SELLER_SEND_GOODS",
        type: "fixed",
        created: at,
        pay_time: at,
        modified: at,
        buyer_open_uid: "AAHk5d-buyer",
        buyer_message: "",
        receiver_name: "张三",
        receiver_mobile: "13800001234",
        receiver_state: "浙江省",
        receiver_city: "杭州市",
        receiver_district: "余杭区",
        receiver_address: "文一西路 969 号",
        receiver_zip: "311121",
        payment: "256.00",
        total_fee: "256.00",
        post_fee: "0.00",
        discount_fee: "0.00",
        orders: { order: [{ oid: Number(tid) + 1, title: "龙井 250g", num: 2, price: "128.00", outer_sku_id: "TEA-LJ-250", refund_status: "NO_REFUND", status: "WAIT_SELLER_SEND_GOODS" }] },
        ...overrides,
      };
      trades.set(tid, trade);
      return trade;
    },
    setStatus(tid, status) {
      const trade = trades.get(tid);
      if (!trade) throw new Error(`no trade ${tid} in the simulator`);
      trade.status = status;
      trade.modified = toBeijingTime(clock());
    },
    close: () => server.close(),
  };
}
