/** The tasks for me (GET /tasks), most urgent first, refreshed by live updates; claim and release from the list. */
import { api } from "../../api/client";
import type { Me, TaskList as TaskListAnswer } from "../../api/types";
import { FilterSelect, type FilterOption } from "../../app/filter-select";
import { ListHead } from "../../app/list-head";
import { useLiveUpdates } from "../../app/live";
import { LoadedView } from "../../app/loaded-view";
import { Problem } from "../../app/problem";
import { hashOf } from "../../app/routes";
import { navigate } from "../../app/use-hash-route";
import { useAction } from "../../app/use-action";
import { useApi } from "../../app/use-api";
import { assigneeText } from "../../i18n/assignee";
import { useI18n } from "../../i18n/i18n";
import { claimTask, releaseTask, taskActions } from "./task-actions";

const SCOPES: (FilterOption & { oversight?: boolean })[] = [
  { value: "", label: "tasks.scopeDefault" },
  { value: "mine", label: "tasks.scopeMine" },
  { value: "role", label: "tasks.scopeRole" },
  { value: "warehouse", label: "tasks.scopeWarehouse" },
  { value: "everyone", label: "tasks.scopeEveryone", oversight: true },
];

export function TaskList({ me, scope = "" }: { me: Me; scope?: string }) {
  const { t, pick, time } = useI18n();
  const [tasks, reload] = useApi(`tasks:${scope}`, () => api<TaskListAnswer>("/tasks", { query: { scope: scope || undefined } }));
  const live = useLiveUpdates(["task"], reload);
  const { failure, run: act } = useAction(reload);
  const oversees = me.user.roles.includes("supervisor") || me.user.roles.includes("admin");

  return (
    <section>
      <h1>{t("tasks.title")}</h1>
      <div className="toolbar">
        <FilterSelect label="tasks.scope" value={scope} options={SCOPES.filter((option) => !option.oversight || oversees)} onPick={(value) => navigate(hashOf("tasks", [], { scope: value }))} />
        <span className={live ? "live on" : "live"}>{live ? t("tasks.live") : t("tasks.offline")}</span>
      </div>
      {failure !== undefined && <Problem error={failure} />}
      <LoadedView loaded={tasks} onRetry={reload} isEmpty={(value) => value.tasks.length === 0} empty={t("tasks.none")}>
        {(value) => (
          <table className="list">
            <ListHead columns={["tasks.task", "tasks.for", "tasks.priority", "tasks.due", "tasks.status", null]} />
            <tbody>
              {value.tasks.map((task) => {
                const can = taskActions(task, me);
                return (
                  <tr key={task.key} className={`priority-${task.priority}`}>
                    <td>
                      <a href={hashOf("tasks", [task.key])}>{pick(task.title) || task.node}</a>
                    </td>
                    <td>{assigneeText(task.assignee, t) || "—"}</td>
                    <td>{t(`priority.${task.priority}`)}</td>
                    <td>{task.dueAt ? time(task.dueAt) : "—"}</td>
                    <td>{task.status === "claimed" && task.claimedBy ? t("tasks.claimedBy", { login: task.claimedBy }) : t(`taskStatus.${task.status}`)}</td>
                    <td className="actions">
                      <a className="button" href={hashOf("tasks", [task.key])}>
                        {t("tasks.open")}
                      </a>
                      {can.claim && (
                        <button type="button" onClick={() => act(claimTask(task.key))}>
                          {t("tasks.claim")}
                        </button>
                      )}
                      {can.release && (
                        <button type="button" onClick={() => act(releaseTask(task.key))}>
                          {t("tasks.release")}
                        </button>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </LoadedView>
    </section>
  );
}
