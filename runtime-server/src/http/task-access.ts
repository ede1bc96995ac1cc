/**
 * Who may work on a task, decided without I/O. A task names a user, a role
 * and/or a warehouse; anyone who matches one of them may claim and submit
 * it, and supervisors and admins may act on every task (to help out or
 * redistribute work). A claimed task is its claimer's until released.
 */
import type { Selectable } from "kysely";
import { hasRole, type Principal } from "../auth/principal";
import type { TasksTable } from "../storage/schema";

type Task = Pick<Selectable<TasksTable>, "assignee_user" | "assignee_role" | "assignee_warehouse" | "status" | "claimed_by" | "submitted_by">;

export function oversees(principal: Principal): boolean {
  return hasRole(principal, "admin", "supervisor");
}

/** Whether the task is meant for this person (or for nobody in particular). */
export function isFor(principal: Principal, task: Task): boolean {
  const { assignee_user: user, assignee_role: role, assignee_warehouse: warehouse } = task;
  if (user === null && role === null && warehouse === null) return true;
  return (
    (user !== null && (user === principal.userId || user === principal.login)) ||
    (role !== null && (principal.roles as string[]).includes(role)) ||
    (warehouse !== null && warehouse === principal.warehouse)
  );
}

export type Refusal = { status: 403 | 409; code: string; message: string };

/** Why this person may not see the task (its form and data), or undefined when they may. */
export function refusalToRead(principal: Principal, task: Task): Refusal | undefined {
  if (oversees(principal) || isFor(principal, task) || task.claimed_by === principal.login || task.submitted_by === principal.login) return undefined;
  return { status: 403, code: "forbidden", message: `The task is for ${describeAssignee(task)}, not for ${principal.login}` };
}

/** Why this person may not claim or submit the task now, or undefined when they may. */
export function refusalToWork(principal: Principal, task: Task): Refusal | undefined {
  if (task.status === "submitted" || task.status === "withdrawn") return { status: 409, code: "task_closed", message: `The task is ${task.status}: there is nothing left to do` };
  if (!oversees(principal) && !isFor(principal, task)) return { status: 403, code: "forbidden", message: `The task is for ${describeAssignee(task)}, not for ${principal.login}` };
  if (task.status === "claimed" && task.claimed_by !== principal.login) return { status: 409, code: "task_claimed", message: `${task.claimed_by} has claimed the task: they (or a supervisor) must release it first` };
  return undefined;
}

/** Why this person may not release the task, or undefined when they may. */
export function refusalToRelease(principal: Principal, task: Task): Refusal | undefined {
  if (task.status !== "claimed") return { status: 409, code: "task_not_claimed", message: `The task is ${task.status}, not claimed: there is nothing to release` };
  if (task.claimed_by !== principal.login && !oversees(principal)) return { status: 403, code: "forbidden", message: `${task.claimed_by} has claimed the task: only they or a supervisor can release it` };
  return undefined;
}

function describeAssignee(task: Task): string {
  const parts = [task.assignee_user && `user ${task.assignee_user}`, task.assignee_role && `role ${task.assignee_role}`, task.assignee_warehouse && `warehouse ${task.assignee_warehouse}`].filter(Boolean);
  return parts.join(" or ");
}
