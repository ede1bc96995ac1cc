/**
 * `action`: calls a connector action through the host. The call's result
 * comes back as an `action.result` event quoting the effect's key; results
 * for an earlier visit or retry are ignored.
 */
import type { ActionNode } from "../../definition/schema";
import { durationMs, evaluateMapping } from "../instance-data";
import { act, change, failTransition, when, withExceptions, type CompileKit, type Implementations, type NodeParams, type StateConfig } from "../machine-kit";
import type { Compensation } from "../types";

const DEFAULT_RETRY = { maxAttempts: 3, initialDelay: "PT1S", backoffFactor: 2, maxDelay: "PT5M" };
const DEFAULT_TIMEOUT = "PT30S";

export function actionState(node: ActionNode, kit: CompileKit): StateConfig {
  const params = { node: node.id };
  const succeeded = kit.go(node.id, "success", [act("actionSucceeded", params)]);
  return withExceptions(kit, node, {
    prepare: act("prepareAction", params),
    skipOutcome: "success",
    active: {
      exit: [act("abandonAction", params)],
      on: {
        "action.result": [
          { ...succeeded, guard: when("resultIs", { ...params, ok: true }) },
          { ...failTransition(kit, node.id, [act("actionFailed", params)]), guard: when("resultIs", { ...params, ok: false }) },
        ],
      },
    },
  });
}

export function actionImplementations(kit: CompileKit): Implementations {
  const nodeOf = (id: string) => kit.node(id, "action");
  return {
    actions: {
      /** Computes the input and asks the host to call the connector; a mapping that cannot be computed sends the node to the exceptions list. */
      prepareAction: change<NodeParams>((c, { node }) => {
        const definition = nodeOf(node);
        const input = evaluateMapping(definition.input, c.next);
        if (!input.ok) {
          c.updateStep(node, { error: input.error });
          return;
        }
        const retry = { ...DEFAULT_RETRY, ...definition.retry };
        c.emit({
          type: "action.invoke",
          key: c.step(node).key,
          node,
          connector: definition.connector,
          action: definition.action,
          input: input.value,
          retry: {
            maxAttempts: retry.maxAttempts,
            initialDelayMs: durationMs(retry.initialDelay),
            backoffFactor: retry.backoffFactor,
            maxDelayMs: durationMs(retry.maxDelay),
          },
          timeoutMs: durationMs(definition.timeout ?? DEFAULT_TIMEOUT),
          compensation: false,
        });
      }),
      actionSucceeded: change<NodeParams>((c, { node }, event) => {
        const output = event.type === "action.result" && event.ok ? (event.output ?? {}) : {};
        c.updateStep(node, { output });
        const compensation = compensationFor(c.next, nodeOf(node), node);
        if (compensation) c.compensations().push(compensation);
      }),
      actionFailed: change<NodeParams>((c, { node }, event) => {
        c.updateStep(node, { error: event.type === "action.result" && !event.ok ? event.error : { message: "failed" } });
      }),
      /**
       * Leaving while the call is still out (the instance was cancelled, or a
       * parallel join went on without this branch): the call may yet succeed,
       * so its compensation is registered in case the instance ends badly.
       */
      abandonAction: change<NodeParams>((c, { node }, event) => {
        const step = c.step(node);
        if (event.type === "action.result" && event.key === step.key) return;
        const compensation = compensationFor(c.next, nodeOf(node), node);
        if (compensation) c.compensations().push(compensation);
      }),
    },
    guards: {
      resultIs: (({ context, event }: { context: any; event: any }, { node, ok }: NodeParams & { ok: boolean }) =>
        event.type === "action.result" && event.key === context.steps[node]?.key && event.ok === ok) as never,
    },
  };
}

function compensationFor(context: Parameters<typeof evaluateMapping>[1], definition: ActionNode, node: string): Compensation | undefined {
  const undo = definition.compensation;
  if (!undo) return undefined;
  const step = context.steps[node]!;
  const input = evaluateMapping(undo.input, context);
  return { node, key: `${step.key}:compensate`, connector: undo.connector, action: undo.action, input: input.ok ? input.value : {} };
}
