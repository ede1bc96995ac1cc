/**
 * The audit log: every change a person makes, with its target before and
 * after. Write it in the transaction of the change where there is one, so
 * the log never claims a change that did not happen nor misses one that did.
 *
 * @example
 * await recordAudit(tx, { actor: "li.designer", action: "flow.publish", targetType: "flow", targetId: "order_fulfilment", after: { version: 3 } });
 */
import type { Kysely } from "kysely";
import { json } from "../storage/json";
import type { Database } from "../storage/schema";

export interface AuditEntry {
  /** The login of the person (or of the owner of the API token) who made the change. */
  actor: string;
  /** What was done, `<target>.<verb>`: "flow.publish", "task.claim", "user.create"… */
  action: string;
  targetType: string;
  targetId: string;
  before?: unknown;
  after?: unknown;
  at?: Date;
}

export async function recordAudit(db: Kysely<Database>, entry: AuditEntry): Promise<void> {
  await db
    .insertInto("audit_log")
    .values({
      actor: entry.actor,
      action: entry.action,
      target_type: entry.targetType,
      target_id: entry.targetId,
      before: entry.before === undefined ? null : json(entry.before),
      after: entry.after === undefined ? null : json(entry.after),
      ...(entry.at ? { at: entry.at } : {}),
    })
    .execute();
}
