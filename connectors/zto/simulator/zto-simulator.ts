/**
 * ZTO's open platform, simulated over real HTTP for tests and demos:
 * `POST /<api name>` with a JSON body, checked against `x-appKey` and
 * `x-dataDigest` as ZTO checks them; orders kept by partner order code (a
 * repeated code gets the order already made, as ZTO answers it), cancellation
 * of booked pick-ups, trace subscriptions, queries and signed trace pushes.
 * It misbehaves on request: 5xx, 429 with Retry-After, ZTO's limits (S221 in
 * a 200), hangs, dropped connections, answers lost after the work was done.
 *
 * @example
 * const zto = await startZtoSimulator({ appKey: "k", appSecret: "s" });
 * zto.fault({ kind: "lost_answer" });
 * await zto.deliver(webhookUrl, zto.tracePush(zto.addTrace("73100000000001", "SIGNED", "2026-11-23 10:00:00")));
 */
import type { ServerResponse } from "node:http";
import { answerWithFault, sendJson, startLocalServer, type FarSideFault, type RecordedRequest } from "@orderflow/connector-sdk/testing";
import { createFaultPlan, type FaultPlan } from "@orderflow/courier-kit/testing";
import { dataDigest } from "../src/signature";
import type { ZtoTrace } from "../src/track-actions";

export type ZtoFault = FarSideFault | { kind: "limited" };

export interface ZtoOrder {
  partnerOrderCode: string;
  orderCode: string;
  billCode: string;
  orderType: string;
  receiver: { name: string; mobile: string; address: string };
  status: "created" | "collected" | "cancelled";
  subscribed: boolean;
  traces: Required<Pick<ZtoTrace, "billCode" | "action" | "actionTime" | "desc" | "city">>[];
}

export interface ZtoSimulator {
  url: string;
  orders: ZtoOrder[];
  requests: RecordedRequest[];
  fault: FaultPlan<ZtoFault>["queue"];
  randomFaults: FaultPlan<ZtoFault>["random"];
  /** A trace scanned for a waybill; GOT marks the order collected. */
  addTrace(billCode: string, action: string, actionTime: string, desc?: string): ZtoOrder["traces"][number];
  /** A signed trace push, as ZTO posts it (a form with data and data_digest). */
  tracePush(trace: ZtoOrder["traces"][number]): { headers: Record<string, string>; body: string };
  deliver(url: string, push: { headers: Record<string, string>; body: string }): Promise<number>;
  close(): Promise<void>;
}

type Outcome = { ok: true; result: unknown; message?: string } | { ok: false; statusCode: string; message: string };

export async function startZtoSimulator(options: { appKey: string; appSecret: string }): Promise<ZtoSimulator> {
  const faults = createFaultPlan<ZtoFault>();
  const orders: ZtoOrder[] = [];
  const byBill = (billCode: unknown) => orders.find((o) => o.billCode === billCode);

  const apis: Record<string, (body: Record<string, unknown>) => Outcome> = {
    "zto.open.createOrder"(body) {
      const receiver = body["receiveInfo"] as Record<string, unknown> | undefined;
      const account = body["accountInfo"] as Record<string, unknown> | undefined;
      if (typeof body["partnerOrderCode"] !== "string" || !receiver || !body["senderInfo"]) return { ok: false, statusCode: "S208", message: "partnerOrderCode, senderInfo and receiveInfo are required" };
      if (!account?.["accountId"]) return { ok: false, statusCode: "E404", message: "鉴权失败,未绑定电子面单账号" };
      let order = orders.find((o) => o.partnerOrderCode === body["partnerOrderCode"]);
      if (!order) {
        order = {
          partnerOrderCode: body["partnerOrderCode"],
          orderCode: String(261122000000000000n + BigInt(orders.length + 1)),
          billCode: String(73100000000001 + orders.length),
          orderType: String(body["orderType"] ?? "1"),
          receiver: { name: String(receiver["receiverName"]), mobile: String(receiver["receiverMobile"]), address: String(receiver["receiverAddress"]) },
          status: "created",
          subscribed: false,
          traces: [],
        };
        orders.push(order);
      }
      return { ok: true, result: { billCode: order.billCode, orderCode: order.orderCode, partnerOrderCode: order.partnerOrderCode, siteCode: "02100", siteName: "上海", bigMarkInfo: { bagAddr: "沪西", mark: "300- H12 09" } }, message: "成功" };
    },
    "zto.open.cancelPreOrder"(body) {
      const order = byBill(body["billCode"]) ?? orders.find((o) => o.orderCode === body["orderCode"]);
      if (!order) return { ok: false, statusCode: "E416", message: "不符合中通运单号规则校验" };
      if (order.orderType !== "2") return { ok: false, statusCode: "E_CANCEL", message: "只支持取消预约件订单" };
      if (order.status === "collected") return { ok: false, statusCode: "E_CANCEL", message: "订单已揽收，不能取消" };
      order.status = "cancelled";
      return { ok: true, result: {}, message: "请求成功" };
    },
    "zto.merchant.waybill.track.subsrcibe"(body) {
      const order = byBill(body["billCode"]);
      if (!order) return { ok: false, statusCode: "E416", message: "不符合中通运单号规则校验" };
      if (typeof body["mobilePhone"] !== "string" || body["mobilePhone"].length !== 4) return { ok: false, statusCode: "E413", message: "鉴权失败,请输入收寄人任一方电话号码后4位" };
      order.subscribed = true;
      return { ok: true, result: null, message: "操作成功" };
    },
    "zto.merchant.waybill.track.query"(body) {
      const order = byBill(body["billCode"]);
      return order ? { ok: true, result: order.traces, message: "操作成功" } : { ok: false, statusCode: "E416", message: "不符合中通运单号规则校验" };
    },
  };

  const handle = (request: RecordedRequest): { status: number; body: unknown } => {
    const api = apis[request.path.slice(1)];
    if (request.method !== "POST" || !api) return { status: 200, body: { status: false, statusCode: "S207", message: "API不存在", result: null } };
    if (request.headers["x-appkey"] !== options.appKey || request.headers["x-datadigest"] !== dataDigest(request.body, options.appSecret)) {
      return { status: 200, body: { status: false, statusCode: "S211", message: "签名错误", result: null } };
    }
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(request.body) as Record<string, unknown>;
    } catch {
      return { status: 200, body: { status: false, statusCode: "S208", message: "body is not JSON", result: null } };
    }
    const outcome = api(body);
    return { status: 200, body: outcome.ok ? { status: true, statusCode: "SYS000", message: outcome.message ?? "成功", result: outcome.result } : { status: false, statusCode: outcome.statusCode, message: outcome.message, result: null } };
  };

  const answer = (request: RecordedRequest, response: ServerResponse) => {
    const fault = faults.next();
    if (fault?.kind === "limited") return sendJson(response, 200, { status: false, statusCode: "S221", message: "api qps flow limit", result: null });
    answerWithFault(fault, response, () => handle(request));
  };

  const server = await startLocalServer(answer);

  return {
    url: server.url,
    orders,
    requests: server.requests,
    fault: faults.queue,
    randomFaults: faults.random,
    addTrace(billCode, action, actionTime, desc = "") {
      const order = byBill(billCode);
      if (!order) throw new Error(`the simulator has no waybill ${billCode}`);
      const trace = { billCode, action, actionTime, desc, city: "上海市" };
      order.traces.push(trace);
      if (action === "GOT" && order.status === "created") order.status = "collected";
      return trace;
    },
    tracePush(trace) {
      const data = JSON.stringify(trace);
      const body = new URLSearchParams({ company_id: options.appKey, msg_type: "Traces", data_digest: dataDigest(data, options.appSecret), data }).toString();
      return { body, headers: { "content-type": "application/x-www-form-urlencoded" } };
    },
    async deliver(url, push) {
      const response = await fetch(url, { method: "POST", headers: push.headers, body: push.body });
      await response.arrayBuffer();
      return response.status;
    },
    close: () => server.close(),
  };
}
