/**
 * Orders from every channel, under one global id.
 *
 * Frozen in time: this file describes the database as it was when it was
 * written and never changes; a later change is a new migration.
 */
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    // `id` is the global id, e.g. DB20261122000123 (see nextOrderId); the
    // platform's own number is unique per channel and shop, so the same
    // order arriving twice cannot become two orders. `data` is the
    // canonical order, `raw` the platform's payload as received. `status`
    // is free text: the flows decide an order's statuses.
    sql`create table orders (
      id text primary key,
      channel text not null,
      shop text not null,
      platform_order_no text not null,
      buyer_name text,
      phone text,
      status text not null,
      total numeric not null,
      data jsonb not null,
      raw jsonb,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (channel, shop, platform_order_no)
    )`,
    // Search boxes: exact or prefix match (text_pattern_ops serves LIKE 'abc%'
    // whatever the collation), names case-insensitively.
    sql`create index orders_by_platform_order_no on orders (platform_order_no text_pattern_ops)`,
    sql`create index orders_by_phone on orders (phone text_pattern_ops)`,
    sql`create index orders_by_buyer_name on orders (lower(buyer_name) text_pattern_ops)`,
    sql`create index orders_by_status on orders (status, created_at desc)`,

    // The last order number handed out per day (in the shops' time zone).
    sql`create table order_counters (
      day date primary key,
      last int not null check (last > 0)
    )`,
  ];
  for (const statement of statements) await statement.execute(db);
}
