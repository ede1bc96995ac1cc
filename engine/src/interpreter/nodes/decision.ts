/**
 * `decision`: chooses one named outcome by ordered conditions or by a
 * decision table, and records in words why (the explanation staff read in
 * the order's timeline).
 */
import type { DecisionNode } from "../../definition/schema";
import { explainRule, isTruthy } from "../../rules/index";
import { evaluateMapping, ruleData } from "../instance-data";
import { act, change, when, withExceptions, type CompileKit, type Implementations, type NodeParams, type StateConfig } from "../machine-kit";
import type { InstanceContext } from "../types";
import { nodeOutcomes } from "../../definition/outcomes";

export function decisionState(node: DecisionNode, kit: CompileKit): StateConfig {
  const params = { node: node.id };
  return withExceptions(kit, node, {
    prepare: act("decide", params),
    skipOutcome: node.default,
    active: {
      always: nodeOutcomes(node).flatMap((outcome) => {
        const transition = kit.go(node.id, outcome);
        return transition ? [{ ...transition, guard: when("isOutcome", { ...params, outcome }) }] : [];
      }),
    },
  });
}

export function decisionImplementations(kit: CompileKit): Implementations {
  return {
    actions: {
      decide: change<NodeParams>((c, { node }) => {
        try {
          const decision = decide(kit.node(node, "decision"), c.next);
          c.updateStep(node, { outcome: decision.outcome, output: decision.output });
          c.trace({ type: "decided", node, outcome: decision.outcome, explanation: decision.explanation });
        } catch (error) {
          c.updateStep(node, { error: { code: "rule_error", message: error instanceof Error ? error.message : String(error) } });
        }
      }),
    },
    guards: {},
  };
}

interface Decision {
  outcome: string;
  output: Record<string, unknown>;
  explanation: string;
}

/** Evaluates a decision node against an instance; throws a RuleError when a rule cannot be evaluated. */
export function decide(node: DecisionNode, context: InstanceContext): Decision {
  if (node.table) return decideByTable(node, node.table, context);
  const data = ruleData(context);
  const lines: string[] = [];
  for (const [index, condition] of (node.conditions ?? []).entries()) {
    const explained = explainRule(condition.when, data, { now: context.now });
    lines.push(explained.lines);
    if (isTruthy(explained.result)) {
      return { outcome: condition.outcome, output: { outcome: condition.outcome, matched: [index] }, explanation: `→ ${condition.outcome}\n${lines.join("\n")}` };
    }
  }
  return { outcome: node.default, output: { outcome: node.default, matched: [] }, explanation: `→ ${node.default} (no condition held)\n${lines.join("\n")}` };
}

function decideByTable(node: DecisionNode, table: NonNullable<DecisionNode["table"]>, context: InstanceContext): Decision {
  const inputs = evaluateMapping(table.inputs, context);
  if (!inputs.ok) throw new Error(`table input ${inputs.error.message}`);
  const data = ruleData(context, { in: inputs.value });
  const matched: number[] = [];
  const lines: string[] = [];
  for (const [index, row] of table.rows.entries()) {
    const explained = explainRule(row.when, data, { now: context.now });
    if (!isTruthy(explained.result)) continue;
    matched.push(index);
    lines.push(`row ${index + 1} (${row.outcome}):\n${indent(explained.lines)}`);
    if (table.hitPolicy === "first") break;
  }
  if (matched.length === 0) {
    return { outcome: node.default, output: { outcome: node.default, matched, inputs: inputs.value }, explanation: `→ ${node.default} (no row matched)` };
  }
  const chosen =
    table.hitPolicy === "priority"
      ? matched.reduce((best, index) => ((table.rows[index]!.priority ?? 0) > (table.rows[best]!.priority ?? 0) ? index : best))
      : matched[0]!;
  const outputs = matched.map((index) => {
    const output = evaluateMapping(table.rows[index]!.output, context, { in: inputs.value });
    if (!output.ok) throw new Error(`row ${index + 1} output ${output.error.message}`);
    return output.value;
  });
  const outcome = table.rows[chosen]!.outcome;
  const output: Record<string, unknown> = { outcome, matched, inputs: inputs.value };
  if (table.hitPolicy === "collect") output.outputs = outputs;
  else Object.assign(output, outputs[matched.indexOf(chosen)]);
  return { outcome, output, explanation: `→ ${outcome} (${table.hitPolicy}: row ${chosen + 1})\n${lines.join("\n")}` };
}

const indent = (text: string) => text.replace(/^/gm, "  ");
