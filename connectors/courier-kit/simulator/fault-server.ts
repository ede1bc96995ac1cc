/**
 * The far side of a courier platform over real HTTP, misbehaving on request,
 * for the courier connectors' simulators (`@orderflow/courier-kit/simulator`).
 * A simulator supplies how it answers a request and how its platform says
 * "flow control"; the next requests then take the queued faults in turn:
 * a 5xx, a 429 with Retry-After, the platform's own flow-control refusal,
 * a hang, a dropped connection, or the request carried out with its answer
 * lost (a 500 after the waybill was made: the case idempotency is for).
 */
import type { ServerResponse } from "node:http";
import { sendJson, startLocalServer, type RecordedRequest } from "@orderflow/connector-sdk/testing";

export type Fault =
  | { kind: "status"; status: number; retryAfterSeconds?: number }
  | { kind: "flow_control" }
  | { kind: "hang" }
  | { kind: "drop" }
  | { kind: "lost_answer" };

export interface Answer {
  status: number;
  body: unknown;
}

export interface FaultServer {
  url: string;
  requests: RecordedRequest[];
  /** Faults for the next requests, one each, in order. */
  fault(...faults: Fault[]): void;
  /** Faults still waiting for a request. */
  pendingFaults(): number;
  close(): Promise<void>;
}

export async function startFaultServer(options: { handle: (request: RecordedRequest) => Answer; flowControl: () => Answer }): Promise<FaultServer> {
  const faults: Fault[] = [];
  const server = await startLocalServer((request: RecordedRequest, response: ServerResponse) => {
    const fault = faults.shift();
    if (fault?.kind === "hang") return;
    if (fault?.kind === "drop") return void response.socket?.destroy();
    if (fault?.kind === "status") return sendJson(response, fault.status, { error: "simulated fault" }, fault.retryAfterSeconds === undefined ? {} : { "retry-after": String(fault.retryAfterSeconds) });
    if (fault?.kind === "flow_control") {
      const refusal = options.flowControl();
      return sendJson(response, refusal.status, refusal.body);
    }
    const answer = options.handle(request);
    if (fault?.kind === "lost_answer") return sendJson(response, 500, { error: "simulated: done, but the answer was lost" });
    sendJson(response, answer.status, answer.body);
  });
  return { url: server.url, requests: server.requests, fault: (...next) => void faults.push(...next), pendingFaults: () => faults.length, close: () => server.close() };
}
