/**
 * Running flows: instances and their history, the outbox the workers drain
 * (connector calls, timers, notifications), what instances wait for
 * (messages, tasks), alerts, webhook ingress and cron firings.
 *
 * One external event is applied in one transaction that writes the instance,
 * its history, outbox rows and tasks together (DESIGN.md, decision 3).
 *
 * Frozen in time: this file describes the database as it was when it was
 * written and never changes; a later change is a new migration.
 */
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    // An instance runs one published flow version to its end. `input` is
    // stored once (an order with its raw payload can be large); `snapshot`
    // is the engine's state, rewritten after every event. Writers update
    // with `where version = <the version they read>` and add one, so two
    // events for one instance can never interleave. `waiting_at` and
    // `exceptions` copy the engine's step result for listing.
    // A for_each child points at its parent and the effect that started it.
    sql`create table instances (
      id text primary key,
      flow_id text not null,
      flow_version int not null,
      status text not null default 'running' check (status in ('running', 'completed', 'cancelled', 'failed')),
      input jsonb not null,
      snapshot jsonb not null,
      version int not null default 1,
      waiting_at text[] not null default '{}',
      exceptions text[] not null default '{}',
      parent_id text references instances (id),
      parent_key text,
      order_id text references orders (id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      finished_at timestamptz,
      foreign key (flow_id, flow_version) references flow_versions (flow_id, version),
      unique (parent_id, parent_key),
      check ((parent_id is null) = (parent_key is null)),
      check ((status = 'running') = (finished_at is null))
    )`,
    sql`create index instances_by_status on instances (status, updated_at desc)`,
    sql`create index instances_with_exceptions on instances (updated_at desc) where cardinality(exceptions) > 0`,
    sql`create index instances_by_order on instances (order_id) where order_id is not null`,

    // Everything that happened to an instance, in order: the events applied
    // (kind 'event'), the effects ordered ('effect') and the engine's trace
    // ('trace': entered, left, decided with its explanation, failed…).
    // It is the order's timeline, so it only ever grows.
    sql`create table instance_history (
      id bigserial primary key,
      instance_id text not null references instances (id),
      seq int not null check (seq > 0),
      at timestamptz not null default now(),
      kind text not null check (kind in ('event', 'effect', 'trace')),
      type text not null,
      node text,
      actor text,
      data jsonb not null default '{}',
      unique (instance_id, seq)
    )`,
    sql`create trigger instance_history_never_changes
      before update or delete on instance_history
      for each row execute function forbid_change('the history of an instance only grows; append a new entry instead')`,

    // Effects waiting to be carried out after their transaction committed,
    // under the effect's idempotency key. Timers are rows of type
    // 'timer.start' due at their fire time; cancelling one sets 'cancelled'.
    // A worker claims due rows (status 'running', a lease until lease_until,
    // fencing_token + 1) and records the outcome only while it still holds
    // that token; a lease that ran out can be claimed again.
    sql`create table outbox (
      id bigserial primary key,
      key text not null unique,
      instance_id text references instances (id),
      type text not null,
      payload jsonb not null,
      status text not null default 'pending' check (status in ('pending', 'running', 'done', 'dead', 'cancelled')),
      due_at timestamptz not null default now(),
      attempts int not null default 0,
      max_attempts int not null check (max_attempts > 0),
      last_error text,
      lease_owner text,
      lease_until timestamptz,
      fencing_token bigint not null default 0,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      check (status <> 'running' or lease_until is not null)
    )`,
    sql`create index outbox_due on outbox (due_at) where status = 'pending'`,
    sql`create index outbox_leases on outbox (lease_until) where status = 'running'`,

    // Instances waiting for a message: an incoming event is matched by its
    // name and correlation value (jsonb equality; 'null' when there is none).
    sql`create table subscriptions (
      key text primary key,
      instance_id text not null references instances (id),
      node text not null,
      event text not null,
      correlation jsonb not null default 'null',
      created_at timestamptz not null default now()
    )`,
    sql`create index subscriptions_by_event on subscriptions (event, correlation)`,

    // Work for people, under the task.open effect's key. Staff see the open
    // tasks for them, for their role and for their warehouse.
    sql`create table tasks (
      key text primary key,
      instance_id text not null references instances (id),
      node text not null,
      form text not null,
      title jsonb not null,
      assignee_role text,
      assignee_user text,
      assignee_warehouse text,
      priority text not null default 'normal' check (priority in ('low', 'normal', 'high', 'urgent')),
      status text not null default 'open' check (status in ('open', 'claimed', 'submitted', 'withdrawn')),
      claimed_by text,
      claimed_at timestamptz,
      due_at timestamptz,
      prefill jsonb not null default '{}',
      data jsonb,
      submitted_by text,
      submitted_at timestamptz,
      created_at timestamptz not null default now(),
      check (status <> 'claimed' or claimed_by is not null)
    )`,
    sql`create index tasks_for_user on tasks (assignee_user, created_at) where status in ('open', 'claimed')`,
    sql`create index tasks_claimed_by on tasks (claimed_by, claimed_at) where status = 'claimed'`,
    sql`create index tasks_for_role on tasks (assignee_role, created_at) where status = 'open'`,
    sql`create index tasks_for_warehouse on tasks (assignee_warehouse, created_at) where status = 'open'`,

    // Alerts a flow raised, under the alert.raise effect's key, until cleared.
    sql`create table alerts (
      id bigserial primary key,
      key text not null unique,
      instance_id text references instances (id),
      alert text not null,
      severity text not null check (severity in ('info', 'warning', 'critical')),
      message jsonb not null,
      node text,
      status text not null default 'raised' check (status in ('raised', 'acknowledged', 'cleared')),
      raised_at timestamptz not null default now(),
      acknowledged_by text,
      acknowledged_at timestamptz,
      cleared_at timestamptz
    )`,
    sql`create index alerts_not_cleared on alerts (raised_at desc) where status <> 'cleared'`,

    // Every webhook as received, stored before it is acknowledged; the body
    // is kept as sent even when it cannot be parsed. A dedupe key is unique
    // among accepted events only, so a duplicate is stored too (status
    // 'duplicate') for inspection, and a rejected event can be sent again.
    sql`create table inbound_events (
      id bigserial primary key,
      source text not null,
      dedupe_key text,
      received_at timestamptz not null default now(),
      status text not null check (status in ('accepted', 'duplicate', 'rejected')),
      error text,
      headers jsonb not null default '{}',
      body text not null,
      instance_id text references instances (id)
    )`,
    sql`create unique index inbound_events_dedupe on inbound_events (dedupe_key) where status = 'accepted'`,
    sql`create index inbound_events_by_source on inbound_events (source, received_at desc)`,

    // A cron schedule fires once per due time across all processes: the
    // process whose insert succeeds fires it, the others find the row.
    sql`create table schedule_firings (
      schedule_id text not null,
      due_at timestamptz not null,
      fired_at timestamptz not null default now(),
      fired_by text not null,
      primary key (schedule_id, due_at)
    )`,
  ];
  for (const statement of statements) await statement.execute(db);
}
