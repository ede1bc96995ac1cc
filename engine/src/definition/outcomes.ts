import type { FlowNode } from "./schema";

/** The outcome a task takes when none of its outcome conditions holds and it names no default. */
export const DEFAULT_TASK_OUTCOME = "done";

/**
 * The named outcomes a node can leave through, in a stable order. The designer
 * draws one handle per outcome; the validator checks each has its edge.
 *
 * @example nodeOutcomes({ kind: "wait", id: "w", until: { type: "event", event: "paid", timeout: "P1D" } })
 *          // → ["success", "timeout"]
 */
export function nodeOutcomes(node: FlowNode): string[] {
  switch (node.kind) {
    case "start":
    case "join":
      return ["success"];
    case "action":
    case "for_each":
      return ["success", "error"];
    case "decision": {
      const named = node.table ? node.table.rows.map((row) => row.outcome) : (node.conditions ?? []).map((c) => c.outcome);
      return unique([...named, node.default]);
    }
    case "task":
      return unique([...(node.outcomes ?? []).map((o) => o.outcome), node.default ?? DEFAULT_TASK_OUTCOME]);
    case "wait":
      return node.until.type === "event" && node.until.timeout ? ["success", "timeout"] : ["success"];
    case "parallel":
      return [...node.branches];
    case "end":
      return [];
  }
}

/**
 * Outcomes that may be left without an edge: a failed action or child run
 * without an `error` edge stops the instance in the exceptions list, where
 * staff retry, skip or cancel it.
 */
export function optionalOutcomes(node: FlowNode): string[] {
  return node.kind === "action" || node.kind === "for_each" ? ["error"] : [];
}

/** Nodes where an instance waits for the world (a person, a timer, a connector, children): a loop must pass one. */
export function isWaitingNode(node: FlowNode): boolean {
  return node.kind === "task" || node.kind === "wait" || node.kind === "action" || node.kind === "for_each";
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
