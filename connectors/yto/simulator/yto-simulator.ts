/**
 * YTO's open platform, simulated over real HTTP for tests and demos. Each
 * interface lives at its own address (…/open/{method}/v1/{token}/{customer});
 * calls are checked against their signature; an order's `logisticsNo`
 * names it, so creating it again returns the same waybill, as YTO does;
 * tracks can be advanced, queried and pushed (signed, as XML in a form).
 * Faults come from `startFaultServer`.
 *
 * @example
 * const yto = await startYtoSimulator({ secret: "s3cret" });
 * yto.fault({ kind: "lost_answer" });
 * yto.advance(mailNo, "GOT");
 * const push = yto.trackPush(mailNo, "SIGNED");
 */
import type { RecordedRequest } from "@orderflow/connector-sdk/testing";
import type { YtoCancelParam, YtoCreateParam, YtoTrackNode, YtoTrackParam } from "../src/yto-messages";
import { updateInfoXml } from "../src/yto-messages";
import { callSignature, methodOf, pushDigest } from "../src/signature";
import { startFaultServer, type Answer, type Fault } from "@orderflow/courier-kit/simulator";

export type { Fault } from "@orderflow/courier-kit/simulator";

export interface YtoOrder {
  logisticsNo: string;
  mailNo: string;
  param: YtoCreateParam;
  cancelled: boolean;
  track: YtoTrackNode[];
}

export interface YtoSimulator {
  url: string;
  /** Addresses as the YTO console lists them, for the connector's settings. */
  createUrl: string;
  cancelUrl: string;
  trackUrl: string;
  orders: YtoOrder[];
  requests: RecordedRequest[];
  fault(...faults: Fault[]): void;
  pendingFaults(): number;
  /** Adds a node to a waybill's track, as YTO's scans do. */
  advance(mailNo: string, infoContent: string, at?: string): void;
  /** A track push as YTO posts it: `<UpdateInfo>` XML in a signed form. */
  trackPush(mailNo: string, infoContent: string, options?: { acceptTime?: string; remark?: string }): { headers: Record<string, string>; body: string };
  close(): Promise<void>;
}

const CUSTOMER = "K21000119";
const refuse = (code: string, reason: string): Answer => ({ status: 200, body: { success: false, code, reason } });

export async function startYtoSimulator(options: { secret: string }): Promise<YtoSimulator> {
  const orders: YtoOrder[] = [];

  const create = (param: YtoCreateParam): Answer => {
    if (typeof param.logisticsNo !== "string" || param.logisticsNo.length < 7) return refuse("1001", "logisticsNo 最低长度为7");
    for (const field of ["senderName", "senderAddress", "senderMobile", "recipientName", "recipientAddress", "recipientMobile"] as const) {
      if (!param[field]) return refuse("1002", `${field} 不能为空`);
    }
    let order = orders.find((o) => o.logisticsNo === param.logisticsNo);
    if (order?.cancelled) return refuse("1003", `订单 ${param.logisticsNo} 已取消`);
    if (!order) {
      order = { logisticsNo: param.logisticsNo, mailNo: `YT${String(7700000000001 + orders.length)}`, param, cancelled: false, track: [] };
      orders.push(order);
    }
    return { status: 200, body: { logisticsNo: order.logisticsNo, mailNo: order.mailNo, shortAddress: "310-HZ 01" } };
  };

  const cancel = (param: YtoCancelParam): Answer => {
    const order = orders.find((o) => o.logisticsNo === param.logisticsNo);
    if (!order) return refuse("2001", `订单 ${param.logisticsNo} 不存在`);
    if (order.track.some((node) => node.infoContent === "GOT")) return refuse("2002", `订单 ${param.logisticsNo} 已揽收，不能取消`);
    order.cancelled = true;
    return { status: 200, body: { logisticsNo: order.logisticsNo, success: true } };
  };

  const track = (param: YtoTrackParam): Answer => {
    const order = orders.find((o) => o.mailNo === param.Number);
    if (!order || order.track.length === 0) return refuse("3001", "查询结果为空");
    return { status: 200, body: order.track };
  };

  const handle = (request: RecordedRequest): Answer => {
    const named = methodOf(new URL(request.target, "http://sim"));
    if (!named) return { status: 404, body: { error: "no such interface" } };
    const envelope = JSON.parse(request.body) as { param?: unknown; sign?: unknown; timestamp?: unknown };
    if (typeof envelope.param !== "string" || typeof envelope.sign !== "string" || typeof envelope.timestamp !== "number") return refuse("0001", "param, sign and timestamp are required");
    if (envelope.sign !== callSignature(envelope.param, named.method, named.version, options.secret)) return refuse("0002", "签名错误 (sign does not match)");
    const param = JSON.parse(envelope.param) as unknown;
    switch (named.method) {
      case "privacy_create_adapter":
        return create(param as YtoCreateParam);
      case "korder_cancel_adapter":
        return cancel(param as YtoCancelParam);
      case "track_query_adapter":
        return track(param as YtoTrackParam);
      default:
        return { status: 404, body: { error: `interface ${named.method} is not served here` } };
    }
  };

  const server = await startFaultServer({ handle, flowControl: () => refuse("0009", "接口限流，请稍后再试") });
  const address = (method: string) => `${server.url}/open/${method}/v1/Sim0Tk/${CUSTOMER}`;

  return {
    url: server.url,
    createUrl: address("privacy_create_adapter"),
    cancelUrl: address("korder_cancel_adapter"),
    trackUrl: address("track_query_adapter"),
    orders,
    requests: server.requests,
    fault: server.fault,
    pendingFaults: server.pendingFaults,
    advance(mailNo, infoContent, at = "2026-11-22 10:00:00") {
      const order = orders.find((o) => o.mailNo === mailNo);
      if (!order) throw new Error(`the simulator issued no waybill ${mailNo}`);
      order.track.push({ waybill_No: mailNo, upload_Time: at, infoContent, processInfo: `${infoContent} @ 杭州` });
    },
    trackPush(mailNo, infoContent, { acceptTime = "2026-11-22 10:00:00", remark } = {}) {
      const order = orders.find((o) => o.mailNo === mailNo);
      const xml = updateInfoXml({ logisticProviderID: "YTO", clientID: CUSTOMER, mailNo, txLogisticID: order?.logisticsNo ?? "", infoType: "STATUS", infoContent, acceptTime, ...(remark ? { remark } : {}) });
      const body = new URLSearchParams({ clientId: CUSTOMER, type: "offline", data_digest: pushDigest(xml, options.secret), logistics_interface: xml }).toString();
      return { headers: { "content-type": "application/x-www-form-urlencoded" }, body };
    },
    close: () => server.close(),
  };
}
