/**
 * The exceptions list and its three answers. A step (a node that failed with
 * no error edge) is answered through execution, like any event, so the
 * answer is durable and an instance never takes two at once; an outbox row
 * that went dead is requeued or dropped by a conditional update. Either way
 * an entry is answered once: whoever comes second gets a 409.
 */
import { Hono } from "hono";
import type { Transaction } from "kysely";
import type { InstanceEvent } from "@orderflow/engine";
import { recordAudit } from "../../auth/audit";
import type { Principal } from "../../auth/principal";
import type { Role } from "../../auth/roles";
import { deliverEvent } from "../../execution/apply-step";
import type { Database } from "../../storage/schema";
import { auditAfterCommit } from "../audit-after-commit";
import { defineEndpoint, endpoint } from "../endpoint";
import type { Deps, Env } from "../env";
import { conflict, notFound } from "../errors";
import { ANSWERS, findException, listExceptions, parseExceptionId, type ExceptionId } from "../queries/exceptions";
import { instanceState } from "../queries/instances";
import { ExceptionCancelBody, ExceptionHandled, ExceptionIdParam, ExceptionList, ExceptionListQuery, SkipBody } from "../schemas/exceptions";

const HANDLERS: Role[] = ["admin", "supervisor"];
const answered = { 404: { description: "No such exception" }, 409: { description: "It was answered already (by someone else, or meanwhile)" } } as const;

const list = defineEndpoint({
  summary: "List the exceptions waiting for a person: failed steps and effects that gave up",
  tag: "Exceptions",
  roles: HANDLERS,
  query: ExceptionListQuery,
  responses: { 200: { description: "Newest first", schema: ExceptionList } },
});

const retry = defineEndpoint({
  summary: "Try again",
  description: "A step runs again with a new idempotency key (the failed call is not repeated under its old one); an effect is queued again for a full round of attempts under its own key.",
  tag: "Exceptions",
  roles: HANDLERS,
  params: ExceptionIdParam,
  responses: { 200: { description: "Retried", schema: ExceptionHandled }, ...answered },
});

const skip = defineEndpoint({
  summary: "Go on without it",
  description: "A step is left as if it had succeeded, with the output given; an effect is dropped and never carried out.",
  tag: "Exceptions",
  roles: HANDLERS,
  params: ExceptionIdParam,
  body: SkipBody,
  responses: { 200: { description: "Skipped", schema: ExceptionHandled }, ...answered },
});

const cancel = defineEndpoint({
  summary: "Cancel the instance the exception belongs to",
  description: "Withdraws its tasks, cancels its timers and runs the undo of what it did; the entry leaves the list.",
  tag: "Exceptions",
  roles: HANDLERS,
  params: ExceptionIdParam,
  body: ExceptionCancelBody,
  responses: { 200: { description: "Cancelled", schema: ExceptionHandled }, ...answered },
});

export const exceptionRoutes = new Hono<Env>()
  .get("/exceptions", endpoint(list), async (c) => c.json({ exceptions: await listExceptions(c.var.deps, c.req.valid("query")) }, 200))
  .post("/exceptions/:id/retry", endpoint(retry), async (c) => {
    const id = c.req.valid("param").id;
    return c.json(await answer(c.var.deps, c.var.requestId, c.var.principal, id, { type: "retry" }), 200);
  })
  .post("/exceptions/:id/skip", endpoint(skip), async (c) => {
    const id = c.req.valid("param").id;
    return c.json(await answer(c.var.deps, c.var.requestId, c.var.principal, id, { type: "skip", output: c.req.valid("json").output }), 200);
  })
  .post("/exceptions/:id/cancel", endpoint(cancel), async (c) => {
    const id = c.req.valid("param").id;
    return c.json(await answer(c.var.deps, c.var.requestId, c.var.principal, id, { type: "cancel", reason: c.req.valid("json").reason }), 200);
  });

type Answer = { type: "retry" } | { type: "skip"; output?: Record<string, unknown> } | { type: "cancel"; reason: string };

async function answer(deps: Deps, requestId: string, principal: Principal, text: string, how: Answer) {
  const id = parseExceptionId(text);
  const entry = await findException(deps, id);
  if (!entry) throw (await exists(deps, id)) ? conflict("exception_answered", `Exception ${text} is no longer in the list: it was retried, skipped or cancelled already`) : notFound(`No exception ${text}`);
  const audit = { actor: principal.login, action: `exception.${how.type}`, targetType: "exception", targetId: text, before: entry, after: how };
  if (id.kind === "outbox") {
    if (how.type === "cancel") {
      if (!entry.instanceId) throw conflict("nothing_to_cancel", `Exception ${text} belongs to no instance: skip it instead`);
      await cancelInstance(deps, principal, entry.instanceId, how.reason, (tx) => settleOutbox(tx, id.id, "cancelled", deps.clock(), text));
      await auditAfterCommit(deps, requestId, audit);
    } else {
      await deps.db.transaction().execute(async (tx) => {
        await settleOutbox(tx, id.id, how.type === "retry" ? "pending" : "cancelled", deps.clock(), text);
        await recordAudit(tx, { ...audit, at: deps.clock() });
      });
    }
  } else {
    const instanceId = entry.instanceId!;
    const node = entry.node!;
    const still = (tx: Transaction<Database>) => stillOpen(tx, id.id, how.type === "cancel" ? 0 : 1, text);
    if (how.type === "cancel") await cancelInstance(deps, principal, instanceId, how.reason, still);
    else {
      const event: InstanceEvent = how.type === "retry" ? { type: "exception.retry", node, by: principal.login } : { type: "exception.skip", node, output: how.output ?? {}, by: principal.login };
      const { result } = await deliverEvent(deps.execution, instanceId, event, { actor: principal.login, within: still });
      if (!result.accepted) throw conflict("exception_answered", `Instance "${instanceId}" no longer waits at ${node} for a retry or skip`);
    }
    await auditAfterCommit(deps, requestId, audit);
  }
  return { id: text, instance: entry.instanceId ? await instanceState(deps.db, entry.instanceId) : null };
}

async function cancelInstance(deps: Deps, principal: Principal, instanceId: string, reason: string, within: (tx: Transaction<Database>) => Promise<void>) {
  const { result } = await deliverEvent(deps.execution, instanceId, { type: "cancel", reason, by: principal.login }, { actor: principal.login, within });
  if (!result.accepted) throw conflict("instance_finished", `Instance "${instanceId}" has finished already: there is nothing to cancel (skip the exception to drop it)`);
}

/**
 * Inside the answer's transaction (the instance row is locked by then): the
 * exception must not have been answered by anyone but this answer, which
 * counts itself as `own` answers. Throwing undoes the answer.
 */
async function stillOpen(tx: Transaction<Database>, historyId: number, own: number, text: string): Promise<void> {
  const raised = await tx.selectFrom("instance_history").select(["instance_id", "seq", "node"]).where("id", "=", historyId).executeTakeFirstOrThrow();
  const answers = await tx
    .selectFrom("instance_history")
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .where("instance_id", "=", raised.instance_id)
    .where("seq", ">", raised.seq)
    .where("kind", "=", "event")
    .where("type", "in", ANSWERS)
    .where("node", "=", raised.node)
    .executeTakeFirstOrThrow();
  if (Number(answers.n) > own) throw conflict("exception_answered", `Exception ${text} was answered by someone else meanwhile: reload the list`);
}

/** Moves a dead outbox row on, once: the second caller finds it no longer dead. */
async function settleOutbox(tx: Transaction<Database>, id: number, status: "pending" | "cancelled", now: Date, text: string): Promise<void> {
  const requeue = status === "pending" ? { attempts: 0, due_at: now, lease_owner: null, lease_until: null } : {};
  const settled = await tx.updateTable("outbox").set({ status, updated_at: now, ...requeue }).where("id", "=", id).where("status", "=", "dead").executeTakeFirst();
  if (settled.numUpdatedRows === 0n) throw conflict("exception_answered", `Exception ${text} was answered by someone else meanwhile: reload the list`);
}

async function exists({ db }: Deps, { kind, id }: ExceptionId): Promise<boolean> {
  const row =
    kind === "step"
      ? await db.selectFrom("instance_history").select("id").where("id", "=", id).where("kind", "=", "effect").where("type", "=", "exception").executeTakeFirst()
      : await db.selectFrom("outbox").select("id").where("id", "=", id).executeTakeFirst();
  return row !== undefined;
}
