/** Claiming and releasing a task: the same calls from the list and from the task's page. */
import { api } from "../../api/client";
import type { Me, Task } from "../../api/types";

export const claimTask = (key: string) => api<Task>(`/tasks/${encodeURIComponent(key)}/claim`, { method: "POST" });
export const releaseTask = (key: string) => api<Task>(`/tasks/${encodeURIComponent(key)}/release`, { method: "POST" });

/** Which buttons a task offers this user; the server decides in the end (a supervisor may release anyone's claim). */
export function taskActions(task: Pick<Task, "status" | "claimedBy">, me: Me): { claim: boolean; release: boolean; work: boolean } {
  const mine = task.status === "claimed" && task.claimedBy === me.user.login;
  const oversees = me.user.roles.includes("supervisor") || me.user.roles.includes("admin");
  // An open task can be submitted without claiming it; claiming only keeps others off it meanwhile.
  return { claim: task.status === "open", release: task.status === "claimed" && (mine || oversees), work: task.status === "open" || mine };
}
