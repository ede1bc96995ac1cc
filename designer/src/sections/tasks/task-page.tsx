/** One task (GET /tasks/:key): what it is for, claim or release it, fill in its form and submit it. */
import { lazy, Suspense, useEffect, useState } from "react";
import { api, ApiFailure } from "../../api/client";
import type { Me, Submitted, TaskDetail } from "../../api/types";
import { LoadedView } from "../../app/loaded-view";
import { Problem } from "../../app/problem";
import { hashOf } from "../../app/routes";
import { useAction } from "../../app/use-action";
import { useApi } from "../../app/use-api";
import { navigate } from "../../app/use-hash-route";
import { assigneeText } from "../../i18n/assignee";
import { useI18n } from "../../i18n/i18n";
import { fieldErrorsFrom, type FieldErrors } from "./server-errors";
import { claimTask, releaseTask, taskActions } from "./task-actions";

// The form generator and its validator are most of the bundle: loaded when a task is opened.
const TaskForm = lazy(() => import("./task-form").then((module) => ({ default: module.TaskForm })));

export function TaskPage({ taskKey, me }: { taskKey: string; me: Me }) {
  const { t, pick, time } = useI18n();
  const [task, reload] = useApi(`task:${taskKey}`, () => api<TaskDetail>(`/tasks/${encodeURIComponent(taskKey)}`));
  const [formData, setFormData] = useState<Record<string, unknown>>({});
  const [serverErrors, setServerErrors] = useState<FieldErrors>();
  const { failure, setFailure, run: act } = useAction(reload);
  const [busy, setBusy] = useState(false);
  const [submitted, setSubmitted] = useState(false);
  const loadedKey = task.state === "done" ? task.value.key : undefined;
  useEffect(() => {
    if (task.state === "done") setFormData({ ...task.value.prefill, ...(task.value.data ?? {}) });
    // Only a newly loaded task resets what was typed; reloading after a claim keeps it.
  }, [loadedKey]);

  const submit = (data: Record<string, unknown>) => {
    setBusy(true);
    setFailure(undefined);
    setServerErrors(undefined);
    api<Submitted>(`/tasks/${encodeURIComponent(taskKey)}/submit`, { json: { data } }).then(
      () => {
        setBusy(false);
        setSubmitted(true);
        reload();
      },
      (error: unknown) => {
        setBusy(false);
        if (error instanceof ApiFailure && error.status === 400 && error.problems.length > 0) setServerErrors(fieldErrorsFrom(error.problems));
        setFailure(error);
      },
    );
  };

  return (
    <section>
      <p>
        <a href={hashOf("tasks")}>← {t("tasks.back")}</a>
      </p>
      <LoadedView loaded={task} onRetry={reload}>
        {(detail) => {
          const can = taskActions(detail, me);
          const closed = detail.status === "submitted" || detail.status === "withdrawn";
          return (
            <>
              <h1>{pick(detail.formDefinition?.title) || pick(detail.title) || detail.node}</h1>
              <dl className="details">
                {detail.orderId && (
                  <div>
                    <dt>{t("tasks.order")}</dt>
                    <dd>
                      <a href={hashOf("orders", [detail.orderId])}>{detail.orderId}</a>
                    </dd>
                  </div>
                )}
                <div>
                  <dt>{t("tasks.for")}</dt>
                  <dd>{assigneeText(detail.assignee, t) || "—"}</dd>
                </div>
                <div>
                  <dt>{t("tasks.priority")}</dt>
                  <dd>{t(`priority.${detail.priority}`)}</dd>
                </div>
                <div>
                  <dt>{t("tasks.due")}</dt>
                  <dd>{detail.dueAt ? time(detail.dueAt) : "—"}</dd>
                </div>
                <div>
                  <dt>{t("tasks.status")}</dt>
                  <dd>{detail.status === "claimed" && detail.claimedBy ? t("tasks.claimedBy", { login: detail.claimedBy }) : t(`taskStatus.${detail.status}`)}</dd>
                </div>
              </dl>
              {submitted && <p className="success">{t("tasks.submitted")}</p>}
              {failure !== undefined && (serverErrors ? <p className="problem">{t("tasks.fixFields")}</p> : <Problem error={failure} />)}
              <div className="toolbar">
                {can.claim && (
                  <button type="button" className="primary" onClick={() => act(claimTask(detail.key))}>
                    {t("tasks.claim")}
                  </button>
                )}
                {can.release && (
                  <button type="button" onClick={() => act(releaseTask(detail.key))}>
                    {t("tasks.release")}
                  </button>
                )}
              </div>
              {detail.status === "open" && <p className="hint">{t("tasks.claimFirst")}</p>}
              {closed && <p className="notice">{t("tasks.readOnly", { status: t(`taskStatus.${detail.status}`) })}</p>}
              {detail.formDefinition ? (
                <Suspense fallback={<p className="loading">{t("app.loading")}</p>}>
                <TaskForm
                  schema={detail.formDefinition.schema}
                  uiSchema={detail.formDefinition.uiSchema}
                  formData={formData}
                  disabled={!can.work}
                  busy={busy}
                  serverErrors={serverErrors}
                  onChange={setFormData}
                  onSubmit={submit}
                />
                </Suspense>
              ) : (
                !closed && (
                  <>
                    <p className="hint">{t("tasks.noForm")}</p>
                    <button type="button" className="primary" disabled={!can.work || busy} onClick={() => submit({})}>
                      {busy ? t("tasks.submitting") : t("tasks.submit")}
                    </button>
                  </>
                )
              )}
              {submitted && (
                <p>
                  <button type="button" onClick={() => navigate(hashOf("tasks"))}>
                    {t("tasks.back")}
                  </button>
                </p>
              )}
            </>
          );
        }}
      </LoadedView>
    </section>
  );
}
