/**
 * Checks of the order statuses a flow declares and the nodes that set them:
 * every code is declared once, and every node's orderStatus names a declared
 * or built-in status, so the order list never shows a code without a name.
 */
import { BUILT_IN_ORDER_STATUSES, type Flow } from "./schema";
import { capitalise, isRecord, nodeLabel, oneOf, pointerTo, problem, sentences, suggestion, type FlowProblem } from "./problems";

/** `skip(pointer)` is true where the schema check already reported a problem. */
export function checkOrderStatuses(flow: Flow, skip: (pointer: string) => boolean): FlowProblem[] {
  const problems: FlowProblem[] = [];
  const declared = new Set<string>();
  (Array.isArray(flow.orderStatuses) ? flow.orderStatuses : []).forEach((status, index) => {
    const at = pointerTo("/orderStatuses", index, "code");
    if (!isRecord(status) || typeof status.code !== "string" || skip(at)) return;
    if (declared.has(status.code)) {
      problems.push(problem(at, "duplicate_order_status", `Order status "${status.code}" is declared twice in orderStatuses: keep one, or give the other a code of its own.`));
    }
    declared.add(status.code);
  });
  const known = [...declared, ...BUILT_IN_ORDER_STATUSES.map((status) => status.code).filter((code) => !declared.has(code))];
  flow.nodes.forEach((node, index) => {
    const at = pointerTo("/nodes", index, "orderStatus");
    const code = node.orderStatus;
    if (code === undefined || skip(at) || known.includes(code)) return;
    problems.push(
      problem(
        at,
        "unknown_order_status",
        sentences(
          `${capitalise(nodeLabel(node, index))} sets the order status "${code}", which the flow does not declare`,
          suggestion(code, known),
          `Add { "code": "${code}", "name": { "zh": "…", "en": "…" } } to orderStatuses, or use ${oneOf(known)}`,
        ),
      ),
    );
  });
  return problems;
}

