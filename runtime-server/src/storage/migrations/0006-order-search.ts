/**
 * What the order centre's search and the exceptions list need beyond the
 * indexes of 0002 and 0003.
 *
 * Frozen in time: this file describes the database as it was when it was
 * written and never changes; a later change is a new migration.
 */
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    // The order list without a filter, newest first; id breaks ties so that
    // a page boundary falls between two orders, never inside one.
    sql`create index orders_newest on orders (created_at desc, id desc)`,
    // Staff often know only a phone's last four digits; a prefix index
    // cannot serve a suffix match, an index on the suffix can.
    sql`create index orders_by_phone_last4 on orders (right(phone, 4), created_at desc) where phone is not null`,
    sql`create index orders_by_channel_shop on orders (channel, shop, created_at desc)`,
    // Outbox rows that gave up, for the exceptions list.
    sql`create index outbox_dead on outbox (updated_at desc) where status = 'dead'`,
  ];
  for (const statement of statements) await statement.execute(db);
}
