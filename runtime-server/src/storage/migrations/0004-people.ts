/**
 * People and what they leave behind: users with their roles, login
 * sessions, API tokens for integrations, the audit log, uploaded files.
 *
 * Frozen in time: this file describes the database as it was when it was
 * written and never changes; a later change is a new migration.
 */
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    // password_hash is null for a user who cannot log in with a password
    // (an integration's owner using API tokens only). `warehouse` is where
    // a staff member works, for "my warehouse" task lists.
    sql`create table users (
      id text primary key default gen_random_uuid()::text,
      login text not null unique,
      display_name text not null,
      password_hash text,
      roles text[] not null default '{}' check (roles <@ array['admin', 'designer', 'supervisor', 'staff', 'integrator']),
      warehouse text,
      disabled boolean not null default false,
      created_at timestamptz not null default now()
    )`,

    // Only hashes of tokens are stored: a leaked table opens no session.
    sql`create table sessions (
      token_hash text primary key,
      user_id text not null references users (id) on delete cascade,
      created_at timestamptz not null default now(),
      expires_at timestamptz not null
    )`,
    sql`create index sessions_by_user on sessions (user_id)`,

    sql`create table api_tokens (
      id text primary key default gen_random_uuid()::text,
      name text not null,
      token_hash text not null unique,
      user_id text not null references users (id),
      roles text[] not null check (roles <@ array['admin', 'designer', 'supervisor', 'staff', 'integrator']),
      created_at timestamptz not null default now(),
      last_used_at timestamptz,
      revoked_at timestamptz
    )`,

    // Every change a person makes (action e.g. 'flow.publish'), with the
    // target before and after. It is evidence, so it only ever grows.
    sql`create table audit_log (
      id bigserial primary key,
      at timestamptz not null default now(),
      actor text not null,
      action text not null,
      target_type text not null,
      target_id text not null,
      before jsonb,
      after jsonb
    )`,
    sql`create index audit_log_by_target on audit_log (target_type, target_id, at)`,
    sql`create trigger audit_log_never_changes
      before update or delete on audit_log
      for each row execute function forbid_change('the audit log only grows')`,

    // Uploads (photos of parcels, damage…), stored once per content.
    sql`create table files (
      id text primary key default gen_random_uuid()::text,
      sha256 text not null unique check (sha256 ~ '^[0-9a-f]{64}$'),
      content_type text not null,
      size int not null,
      bytes bytea not null,
      uploaded_by text,
      uploaded_at timestamptz not null default now(),
      check (size = octet_length(bytes))
    )`,
  ];
  for (const statement of statements) await statement.execute(db);
}
