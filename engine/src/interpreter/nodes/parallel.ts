/**
 * `parallel` and `join`: a parallel node starts every branch at once (an
 * XState parallel state, one region per branch); each branch ends by
 * arriving at the join, which goes on when all, any one, or n branches have
 * arrived. Branches still running then are stopped (their exit actions close
 * their tasks and cancel their timers).
 */
import type { JoinNode, ParallelNode } from "../../definition/schema";
import { act, arrivedStateId, change, when, type CompileKit, type Implementations, type NodeParams, type StateConfig } from "../machine-kit";
import type { InstanceContext } from "../types";

export const ARRIVED_STATE = ":arrived";

export function parallelState(node: ParallelNode, kit: CompileKit): StateConfig {
  const params = { node: node.id };
  const join = kit.graph.blocks.get(node.id)?.join;
  return {
    id: node.id,
    type: "parallel",
    entry: [act("enter", params), act("openSplit", params)],
    ...(join ? { always: [{ guard: when("joinReady", params), target: `#${join.id}`, actions: [act("closeSplit", params)] }] } : {}),
    states: Object.fromEntries(
      node.branches.map((branch) => [
        branch,
        {
          initial: kit.branchStart(node.id, branch),
          states: {
            ...kit.statesOf(node.id, branch),
            [ARRIVED_STATE]: { id: arrivedStateId(node.id, branch), type: "final", entry: [act("arrive", { split: node.id, branch })] },
          },
        },
      ]),
    ),
  };
}

export function joinState(node: JoinNode, kit: CompileKit): StateConfig {
  const params = { node: node.id };
  return { id: node.id, entry: [act("enter", params), act("joined", params)], always: kit.go(node.id, "success") ?? [] };
}

export function parallelImplementations(kit: CompileKit): Implementations {
  const joinOf = (split: string): JoinNode | undefined => kit.graph.blocks.get(split)?.join;
  return {
    actions: {
      openSplit: change<NodeParams>((c, { node }) => {
        c.own("arrived")[node] = [];
      }),
      arrive: change<{ split: string; branch: string }>((c, { split, branch }) => {
        c.own("arrived")[split] = [...(c.next.arrived[split] ?? []), branch];
      }),
      closeSplit: change<NodeParams>((c, { node }) => {
        c.updateStep(node, { status: "done", output: { arrived: c.next.arrived[node] ?? [] } });
      }),
      joined: change<NodeParams>((c, { node }) => {
        const split = kit.node(node, "join").split;
        c.updateStep(node, { output: { arrived: c.next.arrived[split] ?? [] } });
      }),
    },
    guards: {
      joinReady: (({ context }: { context: InstanceContext }, { node }: NodeParams) => {
        const join = joinOf(node);
        if (!join) return false;
        const arrived = context.arrived[node]?.length ?? 0;
        const needed = join.mode === "all" ? kit.node(node, "parallel").branches.length : join.mode === "any" ? 1 : (join.n ?? 1);
        return arrived >= needed;
      }) as never,
    },
  };
}
