/**
 * Inventory, built in: warehouses, stock per SKU and warehouse, reservations
 * held for orders, transfers between warehouses, the ledger of every stock
 * movement, and how much of the stock each sales channel may show.
 *
 * Reserving is a conditional update on `stock`, never a read followed by a
 * write (DESIGN.md, decision 5); the CHECK constraints below are the last
 * line of defence should any code get that wrong.
 *
 * Frozen in time: this file describes the database as it was when it was
 * written and never changes; a later change is a new migration.
 */
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    // Where goods are kept. `province` and `city` are as written on
    // addresses (names like 浙江省 or administrative codes like 330000);
    // routing compares them with the buyer's address. A smaller `priority`
    // is preferred when everything else is equal. `cost_per_parcel` is what
    // shipping one parcel from here costs on average, in yuan.
    sql`create table warehouses (
      id text primary key check (id ~ '^[A-Za-z0-9_-]+$'),
      name jsonb not null,
      province text not null,
      city text,
      priority int not null default 100,
      cost_per_parcel numeric not null default 0 check (cost_per_parcel >= 0),
      active boolean not null default true,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`,

    // What a warehouse holds of a SKU. `reserved` is held for orders not
    // shipped yet; `on_hand - reserved` is free to sell, and what is free
    // above `safety_stock` is what channels may show. `low_stock_alert` is
    // the open low-stock alert for this row, so there is at most one.
    sql`create table stock (
      sku text not null check (sku <> ''),
      warehouse text not null references warehouses (id),
      on_hand int not null default 0 check (on_hand >= 0),
      reserved int not null default 0 check (reserved >= 0),
      safety_stock int not null default 0 check (safety_stock >= 0),
      low_stock_alert text references alerts (key),
      updated_at timestamptz not null default now(),
      primary key (sku, warehouse),
      check (reserved <= on_hand)
    )`,
    sql`create index stock_by_warehouse on stock (warehouse, sku)`,

    // Stock held for an order, under the caller's idempotency key (a flow
    // step's effect key), so reserving twice holds the stock once. One
    // reservation may take lines from several warehouses (a split order);
    // all its lines were reserved together or not at all. A line is
    // released (cancelled, timed out) or committed (shipped) on its own; the
    // reservation's state sums its lines up: 'reserved' while any line is.
    sql`create table reservations (
      id text primary key,
      order_no text,
      state text not null default 'reserved' check (state in ('reserved', 'released', 'committed')),
      actor text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`,
    sql`create index reservations_by_order on reservations (order_no) where order_no is not null`,
    sql`create table reservation_lines (
      reservation_id text not null references reservations (id),
      sku text not null,
      warehouse text not null,
      quantity int not null check (quantity > 0),
      state text not null default 'reserved' check (state in ('reserved', 'released', 'committed')),
      primary key (reservation_id, sku, warehouse),
      foreign key (sku, warehouse) references stock (sku, warehouse)
    )`,

    // Stock moved from one warehouse to another, under the caller's key so
    // that a repeated request moves it once.
    sql`create table stock_transfers (
      id text primary key,
      sku text not null,
      from_warehouse text not null references warehouses (id),
      to_warehouse text not null references warehouses (id),
      quantity int not null check (quantity > 0),
      actor text,
      reason text,
      at timestamptz not null default now(),
      check (from_warehouse <> to_warehouse)
    )`,

    // Every change to a stock row, with the row's figures after it. It is
    // the evidence behind every number, so it only ever grows.
    sql`create table stock_movements (
      id bigserial primary key,
      at timestamptz not null default now(),
      sku text not null,
      warehouse text not null,
      kind text not null check (kind in ('receive', 'adjust', 'reserve', 'release', 'commit', 'transfer_out', 'transfer_in')),
      on_hand_change int not null,
      reserved_change int not null,
      on_hand_after int not null,
      reserved_after int not null,
      reservation_id text,
      transfer_id text,
      actor text,
      reason text,
      foreign key (sku, warehouse) references stock (sku, warehouse)
    )`,
    sql`create index stock_movements_by_stock on stock_movements (sku, warehouse, at)`,
    sql`create trigger stock_movements_never_change
      before update or delete on stock_movements
      for each row execute function forbid_change('the stock ledger only grows; record a correcting movement instead')`,

    // How much of the sellable stock a channel may show: a percentage or a
    // fixed quota, for one SKU or ('*') for every SKU without a row of its own.
    // A channel without any row may show all of it.
    sql`create table channel_allocations (
      channel text not null,
      sku text not null default '*' check (sku <> ''),
      percent numeric check (percent >= 0 and percent <= 100),
      quota int check (quota >= 0),
      updated_at timestamptz not null default now(),
      primary key (channel, sku),
      check ((percent is null) <> (quota is null))
    )`,
  ];
  for (const statement of statements) await statement.execute(db);
}
