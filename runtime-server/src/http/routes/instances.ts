/** Instances: start, list, read with timeline, send events, cancel; and messages to every instance waiting for one. */
import { Hono } from "hono";
import type { InstanceEvent } from "@orderflow/engine";
import { recordAudit } from "../../auth/audit";
import type { Principal } from "../../auth/principal";
import type { Role } from "../../auth/roles";
import { deliverEvent, inExecutionTransaction, startFlowIn } from "../../execution/apply-step";
import { publishMessage } from "../../execution/messages";
import { auditAfterCommit } from "../audit-after-commit";
import { defineEndpoint, endpoint } from "../endpoint";
import type { Deps, Env } from "../env";
import { conflict, invalidRequest } from "../errors";
import { instanceDetail, instanceState, listInstances } from "../queries/instances";
import { CancelBody, InstanceDetail, InstanceEventBody, InstanceIdParam, InstanceList, InstanceListQuery, InstanceState, MessageBody, MessageDelivered, StartBody } from "../schemas/instances";
import { checkAgainstUserSchema } from "../validation";

const READERS: Role[] = ["admin", "designer", "supervisor", "integrator"];
const OPERATORS: Role[] = ["admin", "supervisor", "integrator"];

const start = defineEndpoint({
  summary: "Start an instance of a published flow",
  description: "Runs the flow until it waits, in one transaction with its first effects. Starts on the newest version unless one is given.",
  tag: "Instances",
  roles: OPERATORS,
  body: StartBody,
  responses: { 201: { description: "Started", schema: InstanceState }, 404: { description: "The flow has no such version" }, 409: { description: "The flow was never published" } },
});

const list = defineEndpoint({
  summary: "List instances, most recently changed first",
  tag: "Instances",
  roles: READERS,
  query: InstanceListQuery,
  responses: { 200: { description: "The instances", schema: InstanceList } },
});

const get = defineEndpoint({
  summary: "Read an instance with its timeline",
  tag: "Instances",
  roles: READERS,
  params: InstanceIdParam,
  responses: { 200: { description: "The instance", schema: InstanceDetail }, 404: { description: "No such instance" } },
});

const send = defineEndpoint({
  summary: "Send an event to an instance: a message, or retry / skip a node in the exceptions list",
  tag: "Instances",
  roles: OPERATORS,
  params: InstanceIdParam,
  body: InstanceEventBody,
  responses: { 200: { description: "The instance took the event", schema: InstanceState }, 404: { description: "No such instance" }, 409: { description: "The instance was not waiting for this event (or has finished)" } },
});

const cancel = defineEndpoint({
  summary: "Cancel a running instance",
  description: "Withdraws its open tasks, cancels its timers and runs the compensations of what it did, in the order the flow defines.",
  tag: "Instances",
  roles: ["admin", "supervisor"],
  params: InstanceIdParam,
  body: CancelBody,
  responses: { 200: { description: "Cancelled", schema: InstanceState }, 404: { description: "No such instance" }, 409: { description: "The instance has finished already" } },
});

const message = defineEndpoint({
  summary: "Send a named event to every instance waiting for it",
  description: 'E.g. `{ "event": "parcel.delivered", "correlation": "SF1400012345678" }`: each instance waiting for that event with that value (or with none) takes it, in its own transaction.',
  tag: "Instances",
  roles: OPERATORS,
  body: MessageBody,
  responses: { 200: { description: "Delivered", schema: MessageDelivered } },
});

export const instanceRoutes = new Hono<Env>()
  .post("/instances", endpoint(start), async (c) => {
    const deps = c.var.deps;
    const body = c.req.valid("json");
    const actor = c.var.principal.login;
    const flow = await deps.db.selectFrom("flows").select("id").where("id", "=", body.flowId).executeTakeFirst();
    if (!flow) throw invalidRequest("body", [{ field: "/flowId", message: `no flow has the id "${body.flowId}"` }]);
    const { version, compiled } = body.version === undefined ? await deps.execution.flows.latest(deps.db, body.flowId) : { version: body.version, compiled: await deps.execution.flows.get(deps.db, body.flowId, body.version) };
    if (compiled.flow.inputSchema) checkAgainstUserSchema(compiled.flow.inputSchema, body.input, "/input");
    const instanceId = await inExecutionTransaction(deps.execution, async (tx) => {
      const started = await startFlowIn(deps.execution, tx, { flowId: body.flowId, version, input: body.input, actor });
      await recordAudit(tx, { actor, action: "instance.start", targetType: "instance", targetId: started.instanceId, after: { flowId: body.flowId, version }, at: deps.clock() });
      return started.instanceId;
    });
    return c.json(await instanceState(deps.db, instanceId), 201);
  })
  .get("/instances", endpoint(list), async (c) => c.json({ instances: await listInstances(c.var.deps.db, c.req.valid("query")) }, 200))
  .get("/instances/:id", endpoint(get), async (c) => c.json(await instanceDetail(c.var.deps, c.req.valid("param").id), 200))
  .post("/instances/:id/events", endpoint(send), async (c) => {
    const { id } = c.req.valid("param");
    const body = c.req.valid("json");
    const event: InstanceEvent = body.type === "message" ? body : { ...body, by: c.var.principal.login };
    return c.json(await apply(c.var.deps, c.var.requestId, c.var.principal, id, event, `instance.${body.type}`), 200);
  })
  .post("/instances/:id/cancel", endpoint(cancel), async (c) => {
    const { id } = c.req.valid("param");
    const { reason } = c.req.valid("json");
    return c.json(await apply(c.var.deps, c.var.requestId, c.var.principal, id, { type: "cancel", reason, by: c.var.principal.login }, "instance.cancel"), 200);
  })
  .post("/messages", endpoint(message), async (c) => {
    const deps = c.var.deps;
    const body = c.req.valid("json");
    const deliveredTo = await publishMessage(deps.execution, body.event, body.correlation, body.payload);
    for (const instanceId of deliveredTo) {
      await auditAfterCommit(deps, c.var.requestId, { actor: c.var.principal.login, action: "instance.message", targetType: "instance", targetId: instanceId, after: body });
    }
    return c.json({ deliveredTo }, 200);
  });

/** Applies an event a person sent; 409 when the instance did not take it. */
async function apply(deps: Deps, requestId: string, principal: Principal, id: string, event: InstanceEvent, action: string) {
  const { result } = await deliverEvent(deps.execution, id, event, { actor: principal.login });
  if (!result.accepted) {
    const state = await instanceState(deps.db, id);
    throw conflict(
      "event_not_accepted",
      state.status === "running" ? `Instance "${id}" is not waiting for this event (it waits at ${state.waitingAt.join(", ") || "nothing"}; exceptions: ${state.exceptions.join(", ") || "none"})` : `Instance "${id}" has finished (${state.status}): it takes no more events`,
    );
  }
  await auditAfterCommit(deps, requestId, { actor: principal.login, action, targetType: "instance", targetId: id, after: event });
  return instanceState(deps.db, id);
}
