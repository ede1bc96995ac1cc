/**
 * A receiver of orderflow's outbound events, simulated over real HTTP for
 * tests and demos: POST /hooks/orderflow checks the signature and its replay
 * window (401 otherwise), keeps every event it took and answers 200. On
 * request it answers 5xx, 429 with Retry-After, hangs, drops the
 * connection, or takes the event and loses the answer.
 *
 * @example
 * const receiver = await startReceiverSimulator({ secret: "s3cret" });
 * receiver.fault({ kind: "lost_answer" });
 * receiver.events(); // one per idempotency key
 */
import type { ServerResponse } from "node:http";
import { answerWithFault, dropRepeats, startLocalServer, type FarSideFault, type RecordedRequest, type ScriptedResponse } from "@orderflow/connector-sdk/testing";
import type { OutboundEvent } from "../src/deliver-event";
import { signatureProblem } from "../src/signature";

export interface ReceivedEvent {
  event: OutboundEvent;
  idempotencyKey: string | undefined;
}

export interface ReceiverSimulatorOptions {
  secret: string;
  replayWindowSeconds?: number;
  clock?: () => Date;
}

export interface ReceiverSimulator {
  /** Where events go: `${url}/hooks/orderflow`. */
  hookUrl: string;
  /** Every event taken, repeats included. */
  received: ReceivedEvent[];
  /** One per idempotency key: what a receiver that drops repeats keeps. */
  events(): ReceivedEvent[];
  requests: RecordedRequest[];
  fault(...faults: FarSideFault[]): void;
  /** The connector's settings for this receiver (URL and secret), for tests and the demo. */
  settings(): Record<string, unknown>;
  close(): Promise<void>;
}

export async function startReceiverSimulator(options: ReceiverSimulatorOptions): Promise<ReceiverSimulator> {
  const clock = options.clock ?? (() => new Date());
  const faults: FarSideFault[] = [];
  const received: ReceivedEvent[] = [];

  const take = (request: RecordedRequest): ScriptedResponse => {
    if (request.method !== "POST" || request.path !== "/hooks/orderflow") return { status: 404, body: { error: "no such endpoint" } };
    const problem = signatureProblem(options.secret, clock(), options.replayWindowSeconds ?? 300, request.headers, request.body);
    if (problem) return { status: 401, body: { error: problem } };
    const event = JSON.parse(request.body) as OutboundEvent;
    received.push({ event, idempotencyKey: request.headers["idempotency-key"] });
    return { status: 200, body: { received: true } };
  };

  const server = await startLocalServer((request: RecordedRequest, response: ServerResponse) => answerWithFault(faults.shift(), response, () => take(request)));
  return {
    hookUrl: `${server.url}/hooks/orderflow`,
    received,
    events: () => dropRepeats(received),
    requests: server.requests,
    fault: (...next) => void faults.push(...next),
    settings: () => ({ url: `${server.url}/hooks/orderflow`, secret: options.secret }),
    close: () => server.close(),
  };
}
