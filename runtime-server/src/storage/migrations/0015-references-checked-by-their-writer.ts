/**
 * Six references on an order's way to its pick task are no longer checked
 * by foreign keys, for the reason 0012 gave for the history's: each is
 * written beside the row it names, in the same statement or transaction,
 * by the one piece of code that wrote or locked that row, and the rows
 * named are never deleted (flow versions refuse it; instances, stock rows
 * and reservations have no way to it). Each check was a lookup and a row
 * lock per reference, and the lock on the flow version was taken by every
 * order of every lane. `npm run bench:server`, two runs each on two vCPUs:
 * PostgreSQL spent 0.51–0.53 ms per order instead of 0.56–0.60.
 *
 * - instances → flow_versions: an instance starts on the version its
 *   transaction read;
 * - tasks → instances and inbound_events → instances: written with the
 *   instance, by its own step or in the statement that inserts it;
 * - reservation_lines → reservations and → stock, stock_movements → stock:
 *   written by the inventory in the transaction that wrote the reservation
 *   and locked the stock rows.
 *
 * The references that callers supply stay checked: an instance's order and
 * parent, an outbox row's, a subscription's, an alert's.
 *
 * Frozen in time: this file describes the database as it was when it was
 * written and never changes; a later change is a new migration.
 */
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  const dropped = [
    ["instances", "instances_flow_id_flow_version_fkey"],
    ["tasks", "tasks_instance_id_fkey"],
    ["inbound_events", "inbound_events_instance_id_fkey"],
    ["reservation_lines", "reservation_lines_reservation_id_fkey"],
    ["reservation_lines", "reservation_lines_sku_warehouse_fkey"],
    ["stock_movements", "stock_movements_sku_warehouse_fkey"],
  ];
  for (const [table, constraint] of dropped) await sql`alter table ${sql.id(table!)} drop constraint ${sql.id(constraint!)}`.execute(db);
}
