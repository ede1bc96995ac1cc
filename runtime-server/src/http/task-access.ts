/**
 * Who may work on a task, decided without I/O. A task naming a user is for
 * that user. Otherwise it is for whoever fits everything it names: one of
 * their job roles (or, as older flows assign to them, a system role they
 * hold) is its role, and their warehouse is its warehouse. A task naming
 * nothing is for every staff member. Supervisors and admins may act on
 * every task (to help out or redistribute work). A claimed task is its
 * claimer's until released.
 *
 * The rule is written twice: `isFor` for one task in hand (the task routes,
 * live updates) and `isForSql` for the task lists. task-access.test.ts
 * checks that the two agree.
 */
import { sql, type RawBuilder, type Selectable, type SqlBool } from "kysely";
import { hasRole, type Principal } from "../auth/principal";
import type { TasksTable } from "../storage/schema";

type Task = Pick<Selectable<TasksTable>, "assignee_user" | "assignee_role" | "assignee_warehouse" | "status" | "claimed_by" | "submitted_by">;

export function oversees(principal: Principal): boolean {
  return hasRole(principal, "admin", "supervisor");
}

/** The roles a task's role may name for this person: their job roles, then their system roles. */
function rolesOf(principal: Principal): string[] {
  return [...principal.jobRoles, ...principal.roles];
}

/** Whether the task is meant for this person. */
export function isFor(principal: Principal, task: Pick<Task, "assignee_user" | "assignee_role" | "assignee_warehouse">): boolean {
  const { assignee_user: user, assignee_role: role, assignee_warehouse: warehouse } = task;
  if (user !== null) return user === principal.userId || user === principal.login;
  if (role === null && warehouse === null) return hasRole(principal, "staff");
  return (role === null || rolesOf(principal).includes(role)) && (warehouse === null || warehouse === principal.warehouse);
}

/**
 * `isFor` as a condition on the `tasks` table. Written as one branch per
 * kind of task so that each can use its index (tasks_for_user,
 * tasks_for_role, tasks_for_warehouse, tasks_for_anyone).
 */
export function isForSql(principal: Principal): RawBuilder<SqlBool> {
  const user = sql.ref("tasks.assignee_user");
  const role = sql.ref("tasks.assignee_role");
  const warehouse = sql.ref("tasks.assignee_warehouse");
  const inMyWarehouse = principal.warehouse === null ? sql`false` : sql`${warehouse} = ${principal.warehouse}`;
  return sql<SqlBool>`(
    ${user} in (${principal.userId}, ${principal.login})
    or (${user} is null and ${role} = any(${rolesOf(principal)}::text[]) and (${warehouse} is null or ${inMyWarehouse}))
    or (${user} is null and ${role} is null and ${inMyWarehouse})
    or (${user} is null and ${role} is null and ${warehouse} is null and ${hasRole(principal, "staff") ? sql`true` : sql`false`})
  )`;
}

export type Refusal = { status: 403 | 409; code: string; message: string };

/** Why this person may not see the task (its form and data), or undefined when they may. */
export function refusalToRead(principal: Principal, task: Task): Refusal | undefined {
  if (oversees(principal) || isFor(principal, task) || task.claimed_by === principal.login || task.submitted_by === principal.login) return undefined;
  return notForYou(principal, task);
}

/** Why this person may not claim or submit the task now, or undefined when they may. */
export function refusalToWork(principal: Principal, task: Task): Refusal | undefined {
  if (task.status === "submitted" || task.status === "withdrawn") return { status: 409, code: "task_closed", message: `The task is ${task.status}: there is nothing left to do` };
  if (!oversees(principal) && !isFor(principal, task)) return notForYou(principal, task);
  if (task.status === "claimed" && task.claimed_by !== principal.login) return { status: 409, code: "task_claimed", message: `${task.claimed_by} has claimed the task: they (or a supervisor) must release it first` };
  return undefined;
}

/** Why this person may not release the task, or undefined when they may. */
export function refusalToRelease(principal: Principal, task: Task): Refusal | undefined {
  if (task.status !== "claimed") return { status: 409, code: "task_not_claimed", message: `The task is ${task.status}, not claimed: there is nothing to release` };
  if (task.claimed_by !== principal.login && !oversees(principal)) return { status: 403, code: "forbidden", message: `${task.claimed_by} has claimed the task: only they or a supervisor can release it` };
  return undefined;
}

/** Says who the task is for, and what the person holds, so that an admin can see what to change. */
function notForYou(principal: Principal, task: Task): Refusal {
  const holds = task.assignee_user === null ? ` (job roles: ${principal.jobRoles.join(", ") || "none"}; warehouse: ${principal.warehouse ?? "none"})` : "";
  return { status: 403, code: "forbidden", message: `The task is for ${describeAssignee(task)}, not for ${principal.login}${holds}` };
}

function describeAssignee(task: Task): string {
  if (task.assignee_user !== null) return `user ${task.assignee_user}`;
  if (task.assignee_role === null && task.assignee_warehouse === null) return "staff";
  const parts = [task.assignee_role && `role ${task.assignee_role}`, task.assignee_warehouse && `warehouse ${task.assignee_warehouse}`].filter(Boolean);
  return parts.join(" in ");
}
