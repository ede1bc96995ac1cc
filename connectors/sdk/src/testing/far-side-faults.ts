/**
 * The faults a simulated far side can be told to commit, one per coming
 * request, and the one way of answering with them, so every simulator
 * misbehaves the same way: 5xx, 429 with Retry-After, a hang, a dropped
 * connection, or the request carried out and its answer lost or never sent
 * (which makes the caller send it again: a duplicate, as the far side sees it).
 */
import type { ServerResponse } from "node:http";
import { sendJson, type ScriptedResponse } from "./local-server";

export type FarSideFault =
  | { kind: "status"; status: number; retryAfterSeconds?: number; body?: unknown }
  | { kind: "hang" }
  | { kind: "drop" }
  /** Carries the request out, then answers 500 as if it had failed. */
  | { kind: "lost_answer" }
  /** Carries the request out, then never answers. */
  | { kind: "late_answer" };

const FAR_SIDE_KINDS: ReadonlySet<string> = new Set<FarSideFault["kind"]>(["status", "hang", "drop", "lost_answer", "late_answer"]);

/** The part of a simulator's own fault that `answerWithFault` commits: its other kinds (flow control, a listing out of order) it answers itself. */
export function farSideFault(fault: { kind: string } | undefined): FarSideFault | undefined {
  return fault !== undefined && FAR_SIDE_KINDS.has(fault.kind) ? (fault as FarSideFault) : undefined;
}

/** Takes from `faults` the first meant for a call named `call`: one with no `on`, or `on` naming it. */
export function takeFaultFor<F extends { on?: string }>(faults: F[], call: string | undefined): F | undefined {
  const index = faults.findIndex((fault) => fault.on === undefined || fault.on === call);
  return index < 0 ? undefined : faults.splice(index, 1)[0];
}

/** Answers `response` under `fault` (none: normally), carrying the request out with `carryOut` unless the fault prevents it. */
export function answerWithFault(fault: FarSideFault | undefined, response: ServerResponse, carryOut: () => ScriptedResponse): void {
  if (fault?.kind === "hang") return;
  if (fault?.kind === "drop") return void response.socket?.destroy();
  if (fault?.kind === "status") {
    const headers: Record<string, string> = fault.retryAfterSeconds === undefined ? {} : { "retry-after": String(fault.retryAfterSeconds) };
    return sendJson(response, fault.status, fault.body ?? { error: "simulated fault" }, headers);
  }
  const result = carryOut();
  if (fault?.kind === "late_answer") return;
  if (fault?.kind === "lost_answer") return sendJson(response, 500, { error: "simulated: done, but the answer was lost" });
  sendJson(response, result.status, result.body ?? "", result.headers);
}

/** What a receiver shows when it drops repeats: the first of each idempotency key (items without one are all kept). */
export function dropRepeats<T extends { idempotencyKey: string | undefined }>(items: readonly T[]): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    if (item.idempotencyKey === undefined) return true;
    if (seen.has(item.idempotencyKey)) return false;
    seen.add(item.idempotencyKey);
    return true;
  });
}
