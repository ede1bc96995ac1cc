/**
 * Every event leaving a connector passes here: a canonical order is checked
 * (a mapping bug shows up as the field it got wrong, not as a half-filled
 * order in a flow) and handed over in the shape the host's intake takes.
 */
import { checkCanonicalOrder, toIncomingOrder } from "../canonical-order/canonical-order";
import type { TriggerEvent } from "../definition/triggers";
import { describeProblems } from "../validation/schema-validator";
import type { HostEvent } from "./host-contract";

export type HostEventResult = { ok: true; event: HostEvent } | { ok: false; reason: string };

export function toHostEvent(event: TriggerEvent, connectorId: string): HostEventResult {
  if (event.kind !== "order") return { ok: true, event };
  const problems = checkCanonicalOrder(event.order);
  if (problems.length > 0) return { ok: false, reason: `${connectorId} mapped the order to something that is not a canonical order: ${describeProblems(problems)}` };
  if (event.order.channel !== connectorId) return { ok: false, reason: `${connectorId} mapped an order with channel "${event.order.channel}": the channel must be the connector's id` };
  return { ok: true, event: { kind: "order", dedupeKey: event.dedupeKey, order: toIncomingOrder(event.order) } };
}
