/**
 * SF's open platform, simulated over real HTTP for tests and demos: the
 * gateway `POST /std/service` (signed form, checked like SF checks it) with
 * the services the connector uses, orders kept by order id (a second order
 * with the same id is refused with 8016, as SF does), routes, and signed
 * route pushes. It misbehaves on request, for the next requests in turn or
 * at random with a seed: 5xx, 429 with Retry-After, flow control (A1005),
 * hangs, dropped connections, and answers lost after the order was made.
 *
 * @example
 * const sf = await startSfSimulator({ partnerId: "P1", checkword: "cw" });
 * sf.fault({ kind: "lost_answer" });
 * sf.addRoute("SF1400000000001", "80", "2026-11-23 10:00:00");
 * await sf.deliver(webhookUrl, sf.routePush(["SF1400000000001"]));
 */
import type { ServerResponse } from "node:http";
import { answerWithFault, sendJson, startLocalServer, type FarSideFault, type RecordedRequest } from "@orderflow/connector-sdk/testing";
import { createFaultPlan } from "@orderflow/courier-kit/testing";
import { msgDigest, pushHeaders } from "../src/signature";

export type SfFault =
  | FarSideFault
  /** 200 with apiResultCode A1005: nothing done. */
  | { kind: "flow_control" };

export interface SfRouteRecord {
  mailno: string;
  orderid: string;
  opCode: string;
  acceptTime: string;
  acceptAddress: string;
  remark: string;
  id: string;
}

export interface SfOrder {
  orderId: string;
  waybillNo: string;
  expressTypeId: number;
  monthlyCard: string;
  receiver: { contact: string; tel: string; province: string; city: string; address: string };
  status: "placed" | "collected" | "cancelled";
  routes: SfRouteRecord[];
}

export interface SfSimulatorOptions {
  partnerId: string;
  checkword: string;
  clock?: () => Date;
}

export interface SfSimulator {
  url: string;
  orders: SfOrder[];
  requests: RecordedRequest[];
  /** Faults for the next requests, one each, in order. */
  fault(...faults: SfFault[]): void;
  /** From now on, each request meets one of `kinds` with probability `rate`, drawn from a seeded generator. */
  randomFaults(options: { rate: number; seed: number; kinds: readonly SfFault[] }): void;
  /** A route scanned for a waybill; a pick-up (50/54) marks the order collected. */
  addRoute(waybillNo: string, opCode: string, acceptTime: string, remark?: string): SfRouteRecord;
  /** A signed route push of the given routes, as SF posts it. */
  routePush(routes: readonly SfRouteRecord[]): { headers: Record<string, string>; body: string };
  deliver(url: string, push: { headers: Record<string, string>; body: string }): Promise<number>;
  close(): Promise<void>;
}

type Result = { success: true; msgData: unknown } | { success: false; errorCode: string; errorMsg: string };

export async function startSfSimulator(options: SfSimulatorOptions): Promise<SfSimulator> {
  const clock = options.clock ?? (() => new Date());
  const faults = createFaultPlan<SfFault>();
  const orders: SfOrder[] = [];
  let routeIds = 0;

  const byOrderId = (orderId: unknown) => orders.find((o) => o.orderId === orderId);
  const orderResult = (order: SfOrder) => ({ orderId: order.orderId, originCode: "571", destCode: "571", filterResult: 2, waybillNoInfoList: [{ waybillType: 1, waybillNo: order.waybillNo }] });

  const services: Record<string, (data: Record<string, unknown>) => Result> = {
    EXP_RECE_CREATE_ORDER(data) {
      const contacts = Array.isArray(data["contactInfoList"]) ? (data["contactInfoList"] as Record<string, unknown>[]) : [];
      const receiver = contacts.find((c) => c["contactType"] === 2);
      if (typeof data["orderId"] !== "string" || !contacts.some((c) => c["contactType"] === 1) || !receiver || !Array.isArray(data["cargoDetails"])) {
        return { success: false, errorCode: "1010", errorMsg: "orderId, contactInfoList (contactType 1 and 2) and cargoDetails are required" };
      }
      const earlier = byOrderId(data["orderId"]);
      if (earlier) return { success: false, errorCode: "8016", errorMsg: "重复下单" };
      const order: SfOrder = {
        orderId: data["orderId"],
        waybillNo: `SF${1400000000001 + orders.length}`,
        expressTypeId: Number(data["expressTypeId"] ?? 2),
        monthlyCard: String(data["monthlyCard"] ?? ""),
        receiver: { contact: String(receiver["contact"]), tel: String(receiver["tel"]), province: String(receiver["province"]), city: String(receiver["city"]), address: String(receiver["address"]) },
        status: "placed",
        routes: [],
      };
      orders.push(order);
      return { success: true, msgData: orderResult(order) };
    },
    EXP_RECE_SEARCH_ORDER_RESP(data) {
      const order = byOrderId(data["orderId"]);
      return order ? { success: true, msgData: orderResult(order) } : { success: false, errorCode: "20052", errorMsg: "订单不存在" };
    },
    EXP_RECE_UPDATE_ORDER(data) {
      const order = byOrderId(data["orderId"]);
      if (!order) return { success: false, errorCode: "20052", errorMsg: "订单不存在" };
      if (order.status === "cancelled") return { success: false, errorCode: "8037", errorMsg: "已消单" };
      if (order.status === "collected") return { success: false, errorCode: "8252", errorMsg: "订单已收件，不能取消" };
      order.status = "cancelled";
      return { success: true, msgData: { orderId: order.orderId, resStatus: 2 } };
    },
    EXP_RECE_SEARCH_ROUTES(data) {
      const numbers = Array.isArray(data["trackingNumber"]) ? (data["trackingNumber"] as unknown[]) : [];
      return {
        success: true,
        msgData: {
          routeResps: numbers.map((n) => ({ mailNo: n, routes: (orders.find((o) => o.waybillNo === n)?.routes ?? []).map(({ acceptTime, acceptAddress, remark, opCode }) => ({ acceptTime, acceptAddress, remark, opCode })) })),
        },
      };
    },
    EXP_RECE_QUERY_DELIVERTM(data) {
      const weight = Math.max(1, Math.ceil(Number(data["weight"] ?? 1)));
      const day = (offset: number) => new Date(clock().getTime() + 8 * 3_600_000 + offset * 86_400_000).toISOString().slice(0, 10);
      const offers = [
        { businessType: "1", businessTypeDesc: "顺丰特快", deliverTime: `${day(1)} 12:00:00`, fee: 23 + 12 * (weight - 1) },
        { businessType: "2", businessTypeDesc: "顺丰标快", deliverTime: `${day(1)} 18:00:00,${day(2)} 18:00:00`, fee: 13 + 2 * (weight - 1) },
      ].filter((o) => data["businessType"] === undefined || o.businessType === String(data["businessType"]));
      return { success: true, msgData: { deliverTmDto: offers } };
    },
  };

  const handle = (request: RecordedRequest): { status: number; body: unknown } => {
    if (request.method !== "POST" || request.path !== "/std/service") return { status: 404, body: "no such endpoint" };
    const form = new URLSearchParams(request.body);
    const envelope = (apiResultCode: string, apiErrorMsg: string, apiResultData: unknown = null) => ({ status: 200, body: { apiResultCode, apiErrorMsg, apiResponseID: form.get("requestID") ?? "", apiResultData } });
    const partnerID = form.get("partnerID");
    const serviceCode = form.get("serviceCode");
    const timestamp = form.get("timestamp");
    const msgData = form.get("msgData");
    const digest = form.get("msgDigest");
    if (!partnerID || !serviceCode || !timestamp || msgData === null || !form.get("requestID")) return envelope("A1001", "必传参数不可为空");
    if (partnerID !== options.partnerId || digest !== msgDigest(msgData, timestamp, options.checkword)) return envelope("A1006", "数字签名无效");
    const service = services[serviceCode];
    if (!service) return envelope("A1004", "无对应服务权限");
    let data: Record<string, unknown>;
    try {
      data = JSON.parse(msgData) as Record<string, unknown>;
    } catch {
      return envelope("A1001", "msgData is not JSON");
    }
    const result = service(data);
    return envelope("A1000", "", JSON.stringify(result.success ? { success: true, errorCode: "S0000", errorMsg: null, msgData: result.msgData } : { success: false, errorCode: result.errorCode, errorMsg: result.errorMsg, msgData: null }));
  };

  const answer = (request: RecordedRequest, response: ServerResponse) => {
    const fault = faults.next();
    if (fault?.kind === "flow_control") return sendJson(response, 200, { apiResultCode: "A1005", apiErrorMsg: "流量受控", apiResponseID: "", apiResultData: null });
    answerWithFault(fault, response, () => handle(request));
  };

  const server = await startLocalServer(answer);

  return {
    url: server.url,
    orders,
    requests: server.requests,
    fault: faults.queue,
    randomFaults: faults.random,
    addRoute(waybillNo, opCode, acceptTime, remark = "") {
      const order = orders.find((o) => o.waybillNo === waybillNo);
      if (!order) throw new Error(`the simulator has no waybill ${waybillNo}`);
      const route: SfRouteRecord = { mailno: waybillNo, orderid: order.orderId, opCode, acceptTime, acceptAddress: "杭州市", remark, id: String(++routeIds) };
      order.routes.push(route);
      if ((opCode === "50" || opCode === "54") && order.status === "placed") order.status = "collected";
      return route;
    },
    routePush(routes) {
      const body = JSON.stringify({ Body: { WaybillRoute: routes } });
      return { body, headers: { "content-type": "application/json", ...pushHeaders(body, options.checkword, clock()) } };
    },
    async deliver(url, push) {
      const response = await fetch(url, { method: "POST", headers: push.headers, body: push.body });
      await response.arrayBuffer();
      return response.status;
    },
    close: () => server.close(),
  };
}
