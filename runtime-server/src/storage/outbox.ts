/**
 * Claiming outbox rows for execution and recording how it went. Any number
 * of workers, in any number of processes, may claim at once: each due row
 * goes to one of them, for a lease. A worker that stalls past its lease
 * loses the row to the next claim, which raises the row's fencing token;
 * the old worker's outcome then no longer matches the token and is refused.
 *
 * @example
 * for (const row of await claimDue(db, { owner: "worker-1", limit: 10, leaseMs: 30_000, now: new Date() })) {
 *   const ok = await run(row);
 *   await completeClaimed(db, { id: row.id, fencingToken: row.fencing_token, now: new Date(), outcome: ok ? { status: "done" } : { status: "retry", at: later, error } });
 * }
 */
import { sql, type Kysely, type Selectable } from "kysely";
import { recordset } from "./json";
import type { Database, OutboxTable } from "./schema";

export type OutboxRow = Selectable<OutboxTable>;

export interface ClaimOptions {
  /** Who claims: recorded in lease_owner, for people looking at a stuck row. */
  owner: string;
  limit: number;
  leaseMs: number;
  now: Date;
}

/**
 * Claims rows that are due at `now` (up to `limit`, earliest first) and rows
 * whose lease ran out (up to `limit` more): each becomes 'running' under a
 * lease until now + leaseMs, with its fencing token and attempts raised by
 * one. Rows another worker is claiming at the same moment are skipped, not
 * waited for. Each kind is found through its own partial index, so a claim
 * costs the same however many finished rows the table holds.
 */
export async function claimDue(db: Kysely<Database>, { owner, limit, leaseMs, now }: ClaimOptions): Promise<OutboxRow[]> {
  const claimed = await sql<OutboxRow>`
    with due as (
      select id from outbox where status = 'pending' and due_at <= ${now} order by due_at limit ${limit} for update skip locked
    ), expired as (
      select id from outbox where status = 'running' and lease_until <= ${now} order by lease_until limit ${limit} for update skip locked
    )
    update outbox set
      status = 'running', lease_owner = ${owner}, lease_until = ${new Date(now.getTime() + leaseMs)},
      fencing_token = fencing_token + 1, attempts = attempts + 1, updated_at = ${now}
    where id in (select id from due union all select id from expired)
    returning *`.execute(db);
  return claimed.rows.sort((a, b) => a.due_at.getTime() - b.due_at.getTime() || a.id - b.id);
}

/** How carrying out a claimed row went. */
export type ClaimOutcome =
  | { status: "done" }
  /** Failed; try again at `at` (the worker works out the backoff). */
  | { status: "retry"; at: Date; error: string }
  /** Failed for the last time: the row stays for staff to see. */
  | { status: "dead"; error: string };

export interface Completion {
  id: number;
  /** The token the row carried when this worker claimed it. */
  fencingToken: number;
  now: Date;
  outcome: ClaimOutcome;
}

/**
 * Records the outcome of a claimed row and ends the lease. Returns false,
 * changing nothing, when the row is no longer this worker's: its lease ran
 * out and another worker claimed it (a higher token), or it was cancelled.
 * The caller must then drop what it did (roll back its transaction).
 */
export async function completeClaimed(db: Kysely<Database>, { now, ...completion }: Completion): Promise<boolean> {
  return (await completeAllClaimed(db, [completion], now)).length === 0;
}

/**
 * Records the outcomes of many claimed rows in one statement (a worker's
 * batch; completeClaimed is the one-row case). Returns the ids of the rows
 * that were no longer this worker's (nothing was recorded for them; the
 * caller rolls back).
 */
export async function completeAllClaimed(db: Kysely<Database>, completions: readonly Omit<Completion, "now">[], now: Date): Promise<number[]> {
  if (completions.length === 0) return [];
  const rows = completions.map(({ id, fencingToken, outcome }) => ({
    id,
    token: fencingToken,
    status: outcome.status === "retry" ? "pending" : outcome.status,
    due_at: outcome.status === "retry" ? outcome.at : null,
    error: outcome.status === "done" ? null : outcome.error,
  }));
  const written = await sql<{ id: number }>`update outbox as o set
      status = r.status, due_at = coalesce(r.due_at, o.due_at), last_error = coalesce(r.error, o.last_error), lease_until = null, updated_at = ${now}
    from ${recordset(rows, "id bigint, token bigint, status text, due_at timestamptz, error text")}
    where o.id = r.id and o.fencing_token = r.token and o.status = 'running'
    returning o.id`.execute(db);
  const ours = new Set(written.rows.map((row) => Number(row.id)));
  return completions.map((c) => c.id).filter((id) => !ours.has(id));
}
