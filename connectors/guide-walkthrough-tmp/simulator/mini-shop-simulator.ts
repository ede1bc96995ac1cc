import type { ServerResponse } from "node:http";
import { answerWithFault, startLocalServer, type FarSideFault, type RecordedRequest, type ScriptedResponse } from "@orderflow/connector-sdk/testing";
import type { MiniOrder } from "../src/mini-order";
import { sign, SIGNATURE_HEADER } from "../src/signature";

export async function startMiniShopSimulator(options: { token: string; webhookSecret: string }) {
  const faults: FarSideFault[] = [];
  const orders: MiniOrder[] = [];
  const shipments: { id: string; orderNo: string; tracking: string; key: string | undefined }[] = [];
  const carryOut = (request: RecordedRequest): ScriptedResponse => {
    if (request.headers["authorization"] !== `Bearer ${options.token}`) return { status: 401, body: { error: "bad token" } };
    const match = /^\/orders\/([^/]+)\/shipment$/.exec(request.path);
    if (request.method !== "POST" || !match) return { status: 404, body: { error: "no such endpoint" } };
    const orderNo = decodeURIComponent(match[1]!);
    const key = request.headers["idempotency-key"];
    const earlier = shipments.find((s) => key !== undefined && s.key === key);
    if (earlier) return { status: 200, body: { id: earlier.id } };
    if (!orders.some((o) => o.no === orderNo)) return { status: 404, body: { error: `no order ${orderNo}` } };
    const shipment = { id: `s${shipments.length + 1}`, orderNo, tracking: (JSON.parse(request.body) as { tracking: string }).tracking, key };
    shipments.push(shipment);
    return { status: 201, body: { id: shipment.id } };
  };
  const server = await startLocalServer((request: RecordedRequest, response: ServerResponse) => answerWithFault(faults.shift(), response, () => carryOut(request)));
  return {
    url: server.url,
    orders,
    shipments,
    requests: server.requests,
    fault: (...next: FarSideFault[]) => void faults.push(...next),
    placeOrder(): MiniOrder {
      const order: MiniOrder = { no: `M-${orders.length + 1}`, placed: new Date().toISOString(), buyer: "王五", phone: "13900002222", province: "浙江省", city: "杭州市", address: "文三路 1 号", items: [{ sku: "TEA-1", name: "茶", qty: 1, price: "10.00" }], total: "10.00" };
      orders.push(order);
      return order;
    },
    orderWebhook(order: MiniOrder) {
      const body = JSON.stringify(order);
      return { body, headers: { "content-type": "application/json", [SIGNATURE_HEADER]: sign(options.webhookSecret, body) } };
    },
    close: () => server.close(),
  };
}
