/**
 * Job roles: what a person does in a warehouse (picker, packer, service,
 * reviewer…), as flows name it when they assign a task. The five system
 * roles say what a person may do in orderflow; job roles say which tasks
 * are theirs. A task for pickers in SH-01 is for people who are pickers
 * and work in SH-01.
 *
 * Frozen in time: this file describes the database as it was when it was
 * written and never changes; a later change is a new migration.
 */
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    // A check constraint cannot hold a subquery; a function can. Ids as the
    // API takes them: lowercase snake_case, at most 64 characters.
    sql`create function are_job_role_ids(ids text[]) returns boolean language sql immutable as $$
        select not exists (select from unnest(ids) as id where id is null or id !~ '^[a-z][a-z0-9_]{0,63}$')
      $$`,
    sql`alter table users add column job_roles text[] not null default '{}' check (are_job_role_ids(job_roles))`,

    // The task lists now ask for open tasks naming no user, with one of the
    // person's roles and their warehouse or none: role and warehouse
    // together in one index. Tasks naming nothing are for every staff member.
    sql`drop index tasks_for_role`,
    sql`create index tasks_for_role on tasks (assignee_role, assignee_warehouse, created_at) where status = 'open' and assignee_user is null`,
    sql`create index tasks_for_anyone on tasks (created_at)
      where status = 'open' and assignee_user is null and assignee_role is null and assignee_warehouse is null`,
  ];
  for (const statement of statements) await statement.execute(db);
}
