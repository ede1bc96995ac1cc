/**
 * Cainiao's LINK gateway, simulated over real HTTP for tests and demos. It
 * checks each call's data_digest, issues waybill numbers (the same trade
 * order and package id get the same waybill again, as Cainiao does),
 * discards them, and signs track pushes as Cainiao does; its faults come
 * from `startFaultServer`.
 *
 * @example
 * const link = await startCainiaoSimulator({ appSecret: "s3cret" });
 * link.fault({ kind: "lost_answer" }, { kind: "flow_control" });
 * const push = link.trackPush(waybill.waybillCode, "SIGN");
 */
import type { RecordedRequest } from "@orderflow/connector-sdk/testing";
import type { LinkContact, TrackPush, WaybillDiscardRequest, WaybillGetRequest } from "../src/link-messages";
import { dataDigest, digestProblem } from "../src/signature";
import { startFaultServer, type Answer, type Fault } from "@orderflow/courier-kit/simulator";

export type { Fault } from "@orderflow/courier-kit/simulator";

export interface IssuedWaybill {
  waybillCode: string;
  cpCode: string;
  tradeOrders: string[];
  packageId: string;
  recipient: LinkContact;
  sender: LinkContact;
  discarded: boolean;
}

export interface CainiaoSimulator {
  url: string;
  waybills: IssuedWaybill[];
  requests: RecordedRequest[];
  fault(...faults: Fault[]): void;
  pendingFaults(): number;
  /** A track push as Cainiao posts it: a signed form. */
  trackPush(waybillCode: string, logisticsStatus: string, options?: { time?: string; desc?: string }): { headers: Record<string, string>; body: string };
  close(): Promise<void>;
}

const fail = (errorCode: string, errorMsg: string): Answer => ({ status: 200, body: { success: "false", errorCode, errorMsg } });

export async function startCainiaoSimulator(options: { appSecret: string; logisticProviderId?: string }): Promise<CainiaoSimulator> {
  const waybills: IssuedWaybill[] = [];

  const getWaybill = (content: WaybillGetRequest): Answer => {
    if (!content.cpCode || !content.sender || !Array.isArray(content.tradeOrderInfoDtos) || content.tradeOrderInfoDtos.length === 0) return fail("S01", "cpCode, sender and tradeOrderInfoDtos are required");
    const list = content.tradeOrderInfoDtos.map((order) => {
      const tradeOrders = order.orderInfo?.tradeOrderList ?? [];
      const packageId = order.packageInfo?.id ?? "";
      let waybill = waybills.find((w) => w.cpCode === content.cpCode && w.packageId === packageId && w.tradeOrders.join() === tradeOrders.join() && !w.discarded);
      if (!waybill) {
        waybill = { waybillCode: `${content.cpCode}${String(880000000001 + waybills.length)}`, cpCode: content.cpCode, tradeOrders, packageId, recipient: order.recipient, sender: content.sender, discarded: false };
        waybills.push(waybill);
      }
      const printData = JSON.stringify({ encryptedData: Buffer.from(waybill.waybillCode).toString("base64"), signature: "simulated", templateURL: order.templateUrl, ver: "waybill_print_secret_version_1" });
      return { objectId: order.objectId, waybillCode: waybill.waybillCode, printData };
    });
    return { status: 200, body: { success: "true", waybillCloudPrintResponseList: list } };
  };

  const discard = (content: WaybillDiscardRequest): Answer => {
    const waybill = waybills.find((w) => w.waybillCode === content.waybillCode && w.cpCode === content.cpCode);
    if (!waybill) return fail("S12", `waybill ${content.waybillCode} was not issued to this account`);
    waybill.discarded = true;
    return { status: 200, body: { success: "true", discardResult: true } };
  };

  const handle = (request: RecordedRequest): Answer => {
    const form = new URLSearchParams(request.body);
    const content = form.get("logistics_interface");
    const problem = digestProblem(content, form.get("data_digest"), options.appSecret);
    if (problem) return fail("S02", problem);
    if (options.logisticProviderId && form.get("logistic_provider_id") !== options.logisticProviderId) return fail("S03", "logistic_provider_id is not authorised");
    const parsed = JSON.parse(content!) as unknown;
    switch (form.get("msg_type")) {
      case "TMS_WAYBILL_GET":
        return getWaybill(parsed as WaybillGetRequest);
      case "TMS_WAYBILL_DISCARD":
        return discard(parsed as WaybillDiscardRequest);
      default:
        return fail("S04", `msg_type ${form.get("msg_type")} is not served here`);
    }
  };

  const server = await startFaultServer({ handle, flowControl: () => fail("S15", "限流：调用过于频繁，请稍后再试 (flow control)") });

  return {
    url: server.url,
    waybills,
    requests: server.requests,
    fault: server.fault,
    pendingFaults: server.pendingFaults,
    trackPush(waybillCode, logisticsStatus, { time = "2026-11-22 10:00:00", desc } = {}) {
      const waybill = waybills.find((w) => w.waybillCode === waybillCode);
      const push: TrackPush = { mailNo: waybillCode, cpCode: waybill?.cpCode ?? "YTO", logisticsStatus, time, ...(desc ? { logisticsDesc: desc } : {}) };
      const content = JSON.stringify(push);
      const body = new URLSearchParams({ msg_type: "CAINIAO_LOGISTICS_TRACE_PUSH", logistic_provider_id: options.logisticProviderId ?? "", data_digest: dataDigest(content, options.appSecret), logistics_interface: content }).toString();
      return { headers: { "content-type": "application/x-www-form-urlencoded" }, body };
    },
    close: () => server.close(),
  };
}
