/**
 * Named events from the outside world ("parcel.delivered" for a tracking
 * number, "payment.confirmed" for an order) go to every instance waiting for
 * that name with that correlation value (or with none). Each instance takes
 * the event in its own transaction.
 */
import { sql } from "kysely";
import { deliverEvent, type Execution } from "./apply-step";

/** Delivers a message; returns the ids of the instances that took it. */
export async function publishMessage(execution: Execution, event: string, correlation: unknown, payload?: unknown): Promise<string[]> {
  // Each value is cast on its own: the two drivers pass a JavaScript array differently.
  const matching = [null, ...sameCorrelations(correlation)].map((value) => sql`cast(${JSON.stringify(value)} as jsonb)`);
  const waiting = await execution.db
    .selectFrom("subscriptions")
    .select("instance_id")
    .distinct()
    .where("event", "=", event)
    .where(sql<boolean>`correlation in (${sql.join(matching)})`)
    .execute();
  const took: string[] = [];
  for (const { instance_id } of waiting) {
    const { result } = await deliverEvent(execution, instance_id, { type: "message", event, correlation, payload });
    if (result.accepted) took.push(instance_id);
  }
  return took;
}

/**
 * The stored correlation values an event's value matches: itself, and a
 * number and its text alike (an order number may arrive as 1001 or "1001"),
 * as the engine compares them. A wait without a correlation (stored as null)
 * takes every event of its name.
 */
function sameCorrelations(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  if (typeof value === "number") return [value, String(value)];
  if (typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value))) return [value, Number(value)];
  return [value];
}
