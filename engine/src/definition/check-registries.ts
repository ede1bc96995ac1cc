/**
 * Checks of the names a flow refers to: connectors and their actions,
 * notification channels, child flows and the flow's own forms. A name nothing
 * answers to would only fail when an order reaches it, so it is refused when
 * the flow is published.
 */
import type { Flow } from "./schema";
import { capitalise, isRecord, listOf, nodeLabel, oneOf, problem, sentences, suggestion, type FlowProblem } from "./problems";

/** What is installed where the flow will run. A registry left out is not checked. */
export interface FlowRegistries {
  /** connector id → its action ids; when absent, connector names are not checked. */
  connectors?: Record<string, { actions: readonly string[] }>;
  /** Known flow ids for for_each; when absent, not checked. */
  flows?: readonly string[];
}

export function checkRegistries(flow: Flow, registries: FlowRegistries): FlowProblem[] {
  const problems: FlowProblem[] = [];
  const { connectors, flows } = registries;
  const installed = connectors ? Object.keys(connectors) : [];
  const formIds = isRecord(flow.forms) ? Object.keys(flow.forms) : [];

  const checkCall = (at: string, subject: string, call: Record<string, unknown>) => {
    if (!connectors || typeof call.connector !== "string") return;
    const connector = Object.hasOwn(connectors, call.connector) ? connectors[call.connector] : undefined;
    if (!connector) {
      problems.push(
        problem(
          `${at}/connector`,
          "unknown_connector",
          sentences(`${subject} uses the connector "${call.connector}", which is not installed`, suggestion(call.connector, installed), `Installed connectors: ${names(installed)}`),
        ),
      );
      return;
    }
    if (typeof call.action === "string" && !connector.actions.includes(call.action)) {
      problems.push(
        problem(
          `${at}/action`,
          "unknown_action",
          sentences(
            `${subject} calls "${call.action}", which the connector "${call.connector}" does not have`,
            suggestion(call.action, connector.actions),
            `Its actions are ${names(connector.actions)}`,
          ),
        ),
      );
    }
  };

  const checkChannel = (at: string, subject: string, notification: unknown) => {
    if (!connectors || !isRecord(notification) || typeof notification.channel !== "string") return;
    if (Object.hasOwn(connectors, notification.channel)) return;
    problems.push(
      problem(
        `${at}/channel`,
        "unknown_connector",
        sentences(
          `${subject} notifies through "${notification.channel}", which is not an installed connector`,
          suggestion(notification.channel, installed),
          `Installed connectors: ${names(installed)}; leave channel out to use the default channel`,
        ),
      ),
    );
  };

  flow.nodes.forEach((node, index) => {
    const at = `/nodes/${index}`;
    const subject = capitalise(nodeLabel(node));
    switch (node.kind) {
      case "action":
        checkCall(at, subject, node);
        if (isRecord(node.compensation)) checkCall(`${at}/compensation`, `${subject}, in its compensation,`, node.compensation);
        break;
      case "task":
        if (typeof node.form === "string" && !formIds.includes(node.form)) {
          const fix =
            formIds.length === 0
              ? `The flow has no forms yet: add a form "${node.form}" to the flow's forms first`
              : `Add it under forms, or use ${oneOf(formIds)}`;
          problems.push(
            problem(`${at}/form`, "unknown_form", sentences(`${subject} uses the form "${node.form}", which this flow does not define`, suggestion(node.form, formIds), fix)),
          );
        }
        if (Array.isArray(node.escalations)) {
          node.escalations.forEach((escalation, e) => isRecord(escalation) && checkChannel(`${at}/escalations/${e}/notify`, `${subject}, escalation ${e + 1},`, escalation.notify));
        }
        break;
      case "for_each":
        if (flows && typeof node.flow === "string" && !flows.includes(node.flow)) {
          problems.push(
            problem(`${at}/flow`, "unknown_flow", sentences(`${subject} runs the flow "${node.flow}", which does not exist`, suggestion(node.flow, flows), `Known flows: ${names(flows)}`)),
          );
        }
        break;
    }
  });
  if (Array.isArray(flow.alerts)) {
    flow.alerts.forEach((alert, index) => {
      if (isRecord(alert)) checkChannel(`/alerts/${index}/notify`, `Alert "${String(alert.id)}"`, alert.notify);
    });
  }
  return problems;
}

/** A list of names short enough to read; long registries are cut. */
function names(values: readonly string[]): string {
  if (values.length === 0) return "none";
  return values.length <= 12 ? listOf(values) : `${values.slice(0, 12).map((value) => JSON.stringify(value)).join(", ")} and ${values.length - 12} more`;
}
