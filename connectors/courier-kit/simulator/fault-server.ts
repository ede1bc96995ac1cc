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
import type { ConnectorCall, ConnectorOutcome, HostInstalledConnector } from "@orderflow/connector-sdk";
import { answerWithFault, sendJson, startLocalServer, type FarSideFault, type RecordedRequest } from "@orderflow/connector-sdk/testing";

/** The SDK's far-side faults, and the platform's own flow-control refusal. */
export type Fault = FarSideFault | { kind: "flow_control" };

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
    if (fault?.kind === "flow_control") {
      const refusal = options.flowControl();
      return sendJson(response, refusal.status, refusal.body);
    }
    answerWithFault(fault, response, () => options.handle(request));
  });
  return { url: server.url, requests: server.requests, fault: (...next) => void faults.push(...next), pendingFaults: () => faults.length, close: () => server.close() };
}

/**
 * Fault sequences for a fault test, one per order in turn: every fault kind,
 * alone and in runs (a lost answer after a 502, several lost answers in a row,
 * a long Retry-After that sends the call back to the worker).
 */
export const FAULT_MIX: readonly (readonly Fault[])[] = [
  [{ kind: "lost_answer" }],
  [{ kind: "status", status: 502 }, { kind: "lost_answer" }],
  [{ kind: "flow_control" }],
  [{ kind: "status", status: 429, retryAfterSeconds: 1 }],
  [{ kind: "hang" }],
  [{ kind: "drop" }, { kind: "lost_answer" }, { kind: "lost_answer" }],
  [{ kind: "status", status: 429, retryAfterSeconds: 120 }, { kind: "lost_answer" }],
  [{ kind: "status", status: 503 }, { kind: "status", status: 500 }, { kind: "status", status: 504 }],
  [],
];

/**
 * What the server's worker does with an effect: calls again with the same
 * idempotency key until the call succeeds or fails for good. Each call has a
 * short deadline, so a hanging far side costs little test time.
 */
export async function untilSettled(installed: HostInstalledConnector, call: Omit<ConnectorCall, "attempt" | "timeoutMs">, maxAttempts = 20): Promise<{ outcome: ConnectorOutcome; attempts: number }> {
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    const outcome = await installed.invoke({ ...call, attempt, timeoutMs: 400 });
    if (outcome.ok || !outcome.retryable) return { outcome, attempts: attempt };
  }
  throw new Error(`${call.connector}.${call.action} ${call.idempotencyKey} did not settle in ${maxAttempts} attempts`);
}
