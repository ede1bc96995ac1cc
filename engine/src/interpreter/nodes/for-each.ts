/**
 * `for_each`: runs a child flow once per item of a list (e.g. one packing
 * flow per warehouse package) and goes on when every child has finished:
 * `success` when all completed, `error` otherwise. Retrying from the
 * exceptions list restarts only the children that did not complete.
 */
import type { ForEachNode } from "../../definition/schema";
import { evaluate, evaluateMapping } from "../instance-data";
import { act, change, failTransition, stepKey, when, withExceptions, type CompileKit, type ContextChange, type Implementations, type NodeParams, type StateConfig } from "../machine-kit";
import type { InstanceContext } from "../types";

export function forEachState(node: ForEachNode, kit: CompileKit): StateConfig {
  const params = { node: node.id };
  const completed = kit.go(node.id, "success", [act("collectChildren", params)]);
  return withExceptions(kit, node, {
    prepare: act("startChildren", params),
    skipOutcome: "success",
    exit: [act("cancelChildren", params)],
    retry: [{ guard: when("hasFailedChildren", params), target: "active", actions: [act("restartFailedChildren", params)] }],
    active: {
      on: { "child.finished": { guard: when("isChildOf", params), actions: [act("childFinished", params)] } },
      always: [
        ...(completed ? [{ ...completed, guard: when("childrenDone", { ...params, failed: false }) }] : []),
        { ...failTransition(kit, node.id, [act("childrenFailed", params)]), guard: when("childrenDone", { ...params, failed: true }) },
      ],
    },
  });
}

export function forEachImplementations(kit: CompileKit): Implementations {
  const nodeOf = (id: string) => kit.node(id, "for_each");
  return {
    actions: {
      startChildren: change<NodeParams>((c, { node }) => {
        const definition = nodeOf(node);
        const items = evaluate(definition.items, c.next);
        if (!items.ok || !Array.isArray(items.value)) {
          const message = items.ok ? `"items" gave ${JSON.stringify(items.value)}, not a list: it must give an array, e.g. {"var": "input.packages"}` : items.error.message;
          c.updateStep(node, { error: { code: "bad_items", message } });
          return;
        }
        const inputs: Record<string, unknown>[] = [];
        for (const [index, item] of items.value.entries()) {
          const input = definition.input ? evaluateMapping(definition.input, c.next, { item, index }) : { ok: true as const, value: { item, index } };
          if (!input.ok) {
            c.updateStep(node, { error: { code: input.error.code, message: `item ${index}: ${input.error.message}` } });
            return;
          }
          inputs.push(input.value);
        }
        const step = c.updateStep(node, { input: inputs });
        c.own("children")[node] = inputs.map((input, index) => {
          const key = `${step.key}:child:${index}`;
          c.emit({ type: "child.start", key, node, flow: definition.flow, index, input });
          return { key, status: "running" };
        });
      }),
      childFinished: change<NodeParams>((c, { node }, event) => {
        if (event.type !== "child.finished") return;
        c.own("children")[node] = (c.next.children[node] ?? []).map((run) =>
          run.key === event.key ? { key: run.key, status: event.status, output: event.output ?? {} } : run,
        );
      }),
      collectChildren: change<NodeParams>((c, { node }) => {
        c.updateStep(node, { output: { results: (c.next.children[node] ?? []).map((run, index) => ({ index, status: run.status, output: run.output })) } });
      }),
      childrenFailed: change<NodeParams>((c, { node }) => {
        const runs = c.next.children[node] ?? [];
        const failed = runs.filter((run) => run.status !== "completed");
        c.updateStep(node, {
          error: { code: "children_failed", message: `${failed.length} of ${runs.length} child runs did not complete` },
          output: { results: runs.map((run, index) => ({ index, status: run.status, output: run.output })) },
        });
      }),
      restartFailedChildren: change<NodeParams>((c, { node }) => restartFailed(c, node, nodeOf(node).flow)),
      cancelChildren: change<NodeParams>((c, { node }) => {
        for (const run of c.next.children[node] ?? []) {
          if (run.status === "running") c.emit({ type: "child.cancel", key: run.key, node });
        }
      }),
    },
    guards: {
      isChildOf: (({ context, event }: { context: InstanceContext; event: any }, { node }: NodeParams) =>
        event.type === "child.finished" && (context.children[node] ?? []).some((run) => run.key === event.key && run.status === "running")) as never,
      childrenDone: (({ context }: { context: InstanceContext }, { node, failed }: NodeParams & { failed: boolean }) => {
        const runs = context.children[node] ?? [];
        return runs.every((run) => run.status !== "running") && runs.some((run) => run.status !== "completed") === failed;
      }) as never,
      hasFailedChildren: (({ context, event }: { context: InstanceContext; event: any }, { node }: NodeParams) =>
        event.node === node && (context.children[node] ?? []).some((run) => run.status !== "completed" && run.status !== "running")) as never,
    },
  };
}

function restartFailed(c: ContextChange, node: string, flow: string): void {
  const previous = c.step(node);
  const retries = (previous.retries ?? 0) + 1;
  const step = c.updateStep(node, { error: undefined, status: "active", retries, key: stepKey(c.next, node, previous.visit, retries) });
  c.own("children")[node] = (c.next.children[node] ?? []).map((run, index) => {
    if (run.status === "completed" || run.status === "running") return run;
    const key = `${step.key}:child:${index}`;
    const inputs = step.input as Record<string, unknown>[];
    c.emit({ type: "child.start", key, node, flow, index, input: inputs[index] ?? {} });
    return { key, status: "running" };
  });
}
