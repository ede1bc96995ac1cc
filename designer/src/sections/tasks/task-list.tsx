/** The tasks for me (GET /tasks), most urgent first, refreshed by live updates; claim and release from the list. */
import { useState } from "react";
import { api } from "../../api/client";
import type { Me, Task, TaskList as TaskListAnswer } from "../../api/types";
import { useLiveUpdates } from "../../app/live";
import { LoadedView } from "../../app/loaded-view";
import { Problem } from "../../app/problem";
import { hashOf } from "../../app/routes";
import { navigate } from "../../app/use-hash-route";
import { useApi } from "../../app/use-api";
import { assigneeText } from "../../i18n/assignee";
import { useI18n } from "../../i18n/i18n";
import type { MessageKey } from "../../i18n/translate";
import { claimTask, releaseTask, taskActions } from "./task-actions";

const SCOPES: { value: string; label: MessageKey; oversight?: boolean }[] = [
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
  const [actionError, setActionError] = useState<unknown>();
  const oversees = me.user.roles.includes("supervisor") || me.user.roles.includes("admin");
  const act = (call: Promise<Task>) => {
    setActionError(undefined);
    call.then(reload, (error: unknown) => {
      setActionError(error);
      reload();
    });
  };

  return (
    <section>
      <h1>{t("tasks.title")}</h1>
      <div className="toolbar">
        <label>
          {t("tasks.scope")}{" "}
          <select value={scope} onChange={(event) => navigate(hashOf("tasks", [], { scope: event.target.value }))}>
            {SCOPES.filter((option) => !option.oversight || oversees).map((option) => (
              <option key={option.value} value={option.value}>
                {t(option.label)}
              </option>
            ))}
          </select>
        </label>
        <span className={live ? "live on" : "live"}>{live ? t("tasks.live") : t("tasks.offline")}</span>
      </div>
      {actionError !== undefined && <Problem error={actionError} />}
      <LoadedView loaded={tasks} onRetry={reload} isEmpty={(value) => value.tasks.length === 0} empty={t("tasks.none")}>
        {(value) => (
          <table className="list">
            <thead>
              <tr>
                <th>{t("tasks.task")}</th>
                <th>{t("tasks.for")}</th>
                <th>{t("tasks.priority")}</th>
                <th>{t("tasks.due")}</th>
                <th>{t("tasks.status")}</th>
                <th />
              </tr>
            </thead>
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
