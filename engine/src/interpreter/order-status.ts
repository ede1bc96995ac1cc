/**
 * Order statuses: a node with an `orderStatus` tells the host, as it is
 * entered, which status the order now has (an `order.status` effect with
 * the status's code and its display name). Only such nodes get the action,
 * so a flow that declares no statuses pays nothing for them.
 */
import { BUILT_IN_ORDER_STATUSES, type FlowNode, type LocalizedText } from "../definition/schema";
import { act, change, type ActionRef, type CompileKit, type Implementations, type NodeParams, type StateConfig } from "./machine-kit";
import type { LocalizedMessage } from "./types";

/** The entry action that sets the order status, or nothing for a node without one. */
export function orderStatusActions(node: FlowNode): ActionRef[] {
  return node.orderStatus === undefined ? [] : [act("setOrderStatus", { node: node.id })];
}

/** A node's state with the order status set right after the node is entered (before its own work, so before a task opens or the instance finishes). */
export function withOrderStatus(node: FlowNode, state: StateConfig): StateConfig {
  const actions = orderStatusActions(node);
  if (actions.length === 0) return state;
  const [enter, ...rest] = state.entry as ActionRef[];
  return { ...state, entry: [enter!, ...actions, ...rest] };
}

export function orderStatusImplementations(kit: CompileKit): Implementations {
  const names = new Map<string, LocalizedMessage>();
  for (const status of [...BUILT_IN_ORDER_STATUSES, ...(kit.flow.orderStatuses ?? [])]) names.set(status.code, message(status.name));
  return {
    actions: {
      setOrderStatus: change<NodeParams>((c, { node }) => {
        const status = kit.graph.nodes.get(node)!.orderStatus!;
        c.emit({ type: "order.status", key: `${c.step(node).key}:order-status`, node, status, name: names.get(status) ?? { zh: status, en: status } });
      }),
    },
    guards: {},
  };
}

function message(text: LocalizedText): LocalizedMessage {
  return typeof text === "string" ? { zh: text, en: text } : { ...text };
}
