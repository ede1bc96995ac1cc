/**
 * Faults for courier simulators: what the next requests meet, queued one by
 * one or drawn at random from a seed (the same seed, the same faults, so a
 * failing run can be replayed), and how a request is answered through a
 * transport fault. A simulator adds its platform's own faults (SF's flow
 * control, ZTO's limits) to `TransportFault` and handles those itself.
 *
 * @example
 * const faults = createFaultPlan<TransportFault>();
 * faults.queue({ kind: "lost_answer" });
 * answerThroughFault(response, faults.next(), () => ({ status: 200, body: createOrder(request) }));
 */
import type { ServerResponse } from "node:http";
import { sendJson } from "@orderflow/connector-sdk/testing";

export type TransportFault =
  | { kind: "status"; status: number; retryAfterSeconds?: number }
  /** Never answers, and does nothing. */
  | { kind: "hang" }
  /** Drops the connection, and does nothing. */
  | { kind: "drop" }
  /** Does the work, then answers 500 as if it had failed. */
  | { kind: "lost_answer" }
  /** Does the work, then never answers. */
  | { kind: "late_answer" };

export interface FaultPlan<F> {
  /** Faults for the next requests, one each, in order. */
  queue(...faults: F[]): void;
  /** After the queue, each request meets one of `kinds` with probability `rate`. */
  random(options: { rate: number; seed: number; kinds: readonly F[] }): void;
  /** The fault the current request meets, if any. */
  next(): F | undefined;
}

export function createFaultPlan<F>(): FaultPlan<F> {
  const queued: F[] = [];
  let drawn: { rate: number; kinds: readonly F[]; draw: () => number } | null = null;
  return {
    queue: (...faults) => void queued.push(...faults),
    random({ rate, seed, kinds }) {
      let state = seed >>> 0 || 1;
      // xorshift32
      const draw = () => {
        state ^= state << 13;
        state >>>= 0;
        state ^= state >>> 17;
        state ^= state << 5;
        state >>>= 0;
        return state / 2 ** 32;
      };
      drawn = { rate, kinds, draw };
    },
    next() {
      if (queued.length > 0) return queued.shift();
      if (!drawn || drawn.kinds.length === 0 || drawn.draw() >= drawn.rate) return undefined;
      return drawn.kinds[Math.floor(drawn.draw() * drawn.kinds.length)];
    },
  };
}

/** Answers a request through `fault`: `work` runs unless the fault strikes before it. */
export function answerThroughFault(response: ServerResponse, fault: TransportFault | undefined, work: () => { status: number; body: unknown }): void {
  if (fault?.kind === "hang") return;
  if (fault?.kind === "drop") return void response.socket?.destroy();
  if (fault?.kind === "status") return sendJson(response, fault.status, { error: "simulated fault" }, fault.retryAfterSeconds === undefined ? {} : { "retry-after": String(fault.retryAfterSeconds) });
  const result = work();
  if (fault?.kind === "late_answer") return;
  if (fault?.kind === "lost_answer") return sendJson(response, 500, { error: "simulated: done, but the answer was lost" });
  sendJson(response, result.status, result.body);
}
