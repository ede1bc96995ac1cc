/**
 * A step's trace (the nodes the engine entered and left in answer to an
 * event, its decisions with their explanations) is kept in the row of that
 * event, as an array in `trace`, instead of a row per entry. An order's
 * journey to its pick task wrote sixteen history rows, ten of them trace;
 * now it writes six. Each trace entry keeps its own number: the entries of
 * an event's trace are numbered seq + 1, seq + 2… after it, and the effects
 * of the step follow them, so the timeline reads exactly as before
 * (storage/history.ts unfolds it). Rows written earlier stay as they are:
 * trace rows of their own, read alike.
 *
 * Frozen in time: this file describes the database as it was when it was
 * written and never changes; a later change is a new migration.
 */
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table instance_history add column trace jsonb check (trace is null or (kind = 'event' and jsonb_typeof(trace) = 'array'))`.execute(db);
}
