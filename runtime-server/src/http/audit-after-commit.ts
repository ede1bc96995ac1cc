/**
 * The audit entry of a change that committed inside the execution core's
 * own transaction (applying an event: its `within` hook runs whether or not
 * the event took effect, so it cannot tell whether to audit). It is written
 * right after that commit. The change stands
 * whatever happens to the entry, so a failure to write it is reported, not
 * answered with a 500 that would make the user try the change again. The
 * instance's history records the same actor in the change's transaction.
 */
import { recordAudit, type AuditEntry } from "../auth/audit";
import type { Deps } from "./env";

export async function auditAfterCommit(deps: Deps, requestId: string, entry: Omit<AuditEntry, "at">): Promise<void> {
  try {
    await recordAudit(deps.db, { ...entry, at: deps.clock() });
  } catch (error) {
    deps.reportError({ requestId, method: "AUDIT", path: `${entry.action} ${entry.targetType}/${entry.targetId}`, error });
  }
}
