/** Tasks: the lists staff work from, claiming and releasing, and submitting the form. */
import { Hono } from "hono";
import { validateFormData } from "@orderflow/engine/definition";
import { recordAudit } from "../../auth/audit";
import { inTransaction } from "../../auth/in-transaction";
import type { Role } from "../../auth/roles";
import { deliverEvent } from "../../execution/apply-step";
import { toLiveTask } from "../../live/step-events";
import { auditAfterCommit } from "../audit-after-commit";
import { defineEndpoint, endpoint } from "../endpoint";
import type { Deps, Env } from "../env";
import { ApiError, conflict, invalidRequest, notFound } from "../errors";
import { photoValues } from "../form-photos";
import { instanceState } from "../queries/instances";
import { findTask, listTasks, missingFiles, toTask, type TaskRow } from "../queries/tasks";
import { SubmitBody, Submitted, Task, TaskDetail, TaskKeyParam, TaskList, TaskListQuery } from "../schemas/tasks";
import { oversees, refusalToRead, refusalToRelease, refusalToWork, type Refusal } from "../task-access";

const WORKERS: Role[] = ["staff", "supervisor", "admin"];

const list = defineEndpoint({
  summary: "List the open tasks for me: assigned to me, for my role, in my warehouse",
  tag: "Tasks",
  roles: WORKERS,
  query: TaskListQuery,
  responses: { 200: { description: "Most urgent first", schema: TaskList } },
});

const get = defineEndpoint({
  summary: "Read a task with its form",
  tag: "Tasks",
  roles: WORKERS,
  params: TaskKeyParam,
  responses: { 200: { description: "The task", schema: TaskDetail }, 403: { description: "The task is not for me (nor claimed or submitted by me)" }, 404: { description: "No such task" } },
});

const claim = defineEndpoint({
  summary: "Claim a task: it is mine until I submit or release it",
  tag: "Tasks",
  roles: WORKERS,
  params: TaskKeyParam,
  responses: { 200: { description: "Claimed", schema: Task }, 404: { description: "No such task" }, 409: { description: "Someone else claimed it, or it is closed" } },
});

const release = defineEndpoint({
  summary: "Release a claimed task for someone else to take",
  tag: "Tasks",
  roles: WORKERS,
  params: TaskKeyParam,
  responses: { 200: { description: "Open again", schema: Task }, 404: { description: "No such task" }, 409: { description: "It is not claimed" } },
});

const submit = defineEndpoint({
  summary: "Submit a task's form; the instance goes on",
  description: "The data is checked against the task's form: every problem is reported with its path under /data. Photo fields take the id of a file uploaded with POST /files.",
  tag: "Tasks",
  roles: WORKERS,
  params: TaskKeyParam,
  body: SubmitBody,
  responses: { 200: { description: "Submitted", schema: Submitted }, 404: { description: "No such task" }, 409: { description: "Someone else claimed it, or it is closed" } },
});

export const taskRoutes = new Hono<Env>()
  .get("/tasks", endpoint(list), async (c) => {
    const { scope, limit } = c.req.valid("query");
    if (scope === "everyone" && !oversees(c.var.principal)) throw new ApiError(403, "forbidden", 'Only supervisors and admins can list everyone\'s tasks: use scope "mine", "role" or "warehouse"', { in: "query", field: "scope" });
    return c.json({ tasks: await listTasks(c.var.deps.db, c.var.principal, scope, limit ?? 100) }, 200);
  })
  .get("/tasks/:key", endpoint(get), async (c) => {
    const { db, execution } = c.var.deps;
    const task = await existingTask(db, c.req.valid("param").key);
    refuse(refusalToRead(c.var.principal, task));
    const { flow } = await execution.flows.get(db, task.flow_id, task.flow_version);
    const form = flow.forms?.[task.form];
    const formDefinition = form ? { id: task.form, title: form.title, schema: form.schema, uiSchema: form.uiSchema ?? {} } : null;
    return c.json({ ...toTask(task), formDefinition, data: task.data }, 200);
  })
  .post("/tasks/:key/claim", endpoint(claim), async (c) => {
    const { db, clock } = c.var.deps;
    const { key } = c.req.valid("param");
    const principal = c.var.principal;
    const task = await inTransaction(db, async (tx) => {
      const before = await existingTask(tx, key, true);
      if (before.status === "claimed" && before.claimed_by === principal.login) return before;
      refuse(refusalToWork(principal, before));
      const now = clock();
      await tx.updateTable("tasks").set({ status: "claimed", claimed_by: principal.login, claimed_at: now }).where("key", "=", key).execute();
      await recordAudit(tx, { actor: principal.login, action: "task.claim", targetType: "task", targetId: key, before: { status: before.status }, after: { status: "claimed" }, at: now });
      return existingTask(tx, key);
    });
    c.var.deps.live.publish([{ type: "task", change: "claimed", task: toLiveTask(task) }]);
    return c.json(toTask(task), 200);
  })
  .post("/tasks/:key/release", endpoint(release), async (c) => {
    const { db, clock } = c.var.deps;
    const { key } = c.req.valid("param");
    const principal = c.var.principal;
    const task = await inTransaction(db, async (tx) => {
      const before = await existingTask(tx, key, true);
      refuse(refusalToRelease(principal, before));
      await tx.updateTable("tasks").set({ status: "open", claimed_by: null, claimed_at: null }).where("key", "=", key).execute();
      await recordAudit(tx, { actor: principal.login, action: "task.release", targetType: "task", targetId: key, before: { status: "claimed", claimedBy: before.claimed_by }, after: { status: "open" }, at: clock() });
      return existingTask(tx, key);
    });
    c.var.deps.live.publish([{ type: "task", change: "released", task: toLiveTask(task) }]);
    return c.json(toTask(task), 200);
  })
  .post("/tasks/:key/submit", endpoint(submit), async (c) => {
    const deps = c.var.deps;
    const { key } = c.req.valid("param");
    const { data } = c.req.valid("json");
    const principal = c.var.principal;
    const task = await existingTask(deps.db, key);
    refuse(refusalToWork(principal, task));
    await checkSubmission(deps, task, data);
    const { result } = await deliverEvent(deps.execution, task.instance_id, { type: "task.submitted", key, data, by: principal.login }, { actor: principal.login });
    if (!result.accepted) throw conflict("task_closed", "The instance no longer waits for this task (it was withdrawn or submitted meanwhile)");
    await auditAfterCommit(deps, c.var.requestId, { actor: principal.login, action: "task.submit", targetType: "task", targetId: key, after: data });
    return c.json({ task: toTask(await existingTask(deps.db, key)), instance: await instanceState(deps.db, task.instance_id) }, 200);
  });

async function existingTask(db: Deps["db"], key: string, lock = false): Promise<TaskRow> {
  const task = await findTask(db, key, { lock });
  if (!task) throw notFound(`No task "${key}"`);
  return task;
}

function refuse(refusal: Refusal | undefined): void {
  if (refusal) throw new ApiError(refusal.status, refusal.code, refusal.message);
}

/** The data must fit the task's form, and every photo must be an uploaded file: all problems at once, under /data. */
async function checkSubmission({ db, execution }: Deps, task: TaskRow, data: Record<string, unknown>): Promise<void> {
  const { flow } = await execution.flows.get(db, task.flow_id, task.flow_version);
  const form = flow.forms?.[task.form];
  if (!form) return;
  const problems = validateFormData(form, data).map((problem) => ({ field: `/data${problem.path}`, message: problem.message }));
  const photos = photoValues(form.schema, data);
  const missing = await missingFiles(db, photos.map((photo) => photo.fileId));
  for (const photo of photos) {
    if (missing.has(photo.fileId)) problems.push({ field: `/data${photo.pointer}`, message: `no uploaded file has the id "${photo.fileId}": upload the photo with POST /files and send the id it returns` });
  }
  if (problems.length > 0) throw invalidRequest("body", problems, "invalid_form_data");
}
