/**
 * `end` and cancellation: finishing an instance. Ending as failed or
 * cancelled runs the compensations of completed actions, newest first
 * (e.g. release the stock a later failure made useless).
 */
import type { EndNode } from "../../definition/schema";
import { durationMs, evaluateMapping } from "../instance-data";
import { act, change, type CompileKit, type ContextChange, type Implementations, type NodeParams, type StateConfig } from "../machine-kit";
import type { FinalStatus } from "../types";

export const CANCELLED_STATE = ":cancelled";

export function endState(node: EndNode): StateConfig {
  return { id: node.id, type: "final", entry: [act("enter", { node: node.id }), act("finish", { node: node.id })] };
}

export function cancelledState(): StateConfig {
  return { type: "final", entry: [act("finishCancelled")] };
}

export function endImplementations(kit: CompileKit): Implementations {
  return {
    actions: {
      finish: change<NodeParams>((c, { node }) => {
        const end = kit.node(node, "end");
        const output = evaluateMapping(end.output, c.next);
        c.updateStep(node, { status: "done", ...(output.ok ? { output: output.value } : { error: output.error }) });
        finish(c, end.status, output.ok ? output.value : {}, node);
      }),
      finishCancelled: change<Record<string, never>>((c, _, event) => {
        const output = event.type === "cancel" ? { reason: event.reason ?? null, by: event.by ?? null } : {};
        finish(c, "cancelled", output, null);
      }),
    },
    guards: {},
  };
}

const COMPENSATION_RETRY = { maxAttempts: 10, initialDelayMs: durationMs("PT5S"), backoffFactor: 2, maxDelayMs: durationMs("PT30M") };

function finish(c: ContextChange, status: FinalStatus, output: Record<string, unknown>, node: string | null): void {
  if (status !== "completed") {
    for (const undo of [...c.next.compensations].reverse()) {
      c.emit({
        type: "action.invoke",
        key: undo.key,
        node: undo.node,
        connector: undo.connector,
        action: undo.action,
        input: undo.input,
        retry: COMPENSATION_RETRY,
        timeoutMs: durationMs("PT30S"),
        compensation: true,
      });
    }
  }
  c.next.result = { status, output, node };
  c.emit({ type: "instance.finish", key: `${c.next.instanceId}:finish`, node, status, output });
  c.trace({ type: "finished", status });
}
