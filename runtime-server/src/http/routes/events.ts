/**
 * GET /events: server-sent events for the pages that stay open (task lists,
 * an order's timeline, dashboards), filtered to what the signed-in person
 * may see. Each event's `event:` field is its type (task, timeline, alert,
 * instance, order) and its data the JSON of a LiveEvent.
 *
 * Events are not stored, so `Last-Event-ID` is not honoured: a stream opens
 * with a `ready` event, and a client (re)connecting reloads what it shows
 * and then applies the events that follow. An idle stream gets a comment
 * every `heartbeatMs` so that proxies do not close it.
 */
import { Type } from "@sinclair/typebox";
import { Hono } from "hono";
import { streamSSE } from "hono/streaming";
import { hasRole, type Principal } from "../../auth/principal";
import type { LiveEvent } from "../../live/live-updates";
import { defineEndpoint, endpoint } from "../endpoint";
import { timelineLines } from "../queries/instances";
import type { Env } from "../env";
import { isFor, oversees } from "../task-access";

const stream = defineEndpoint({
  summary: "Live updates as server-sent events: tasks for me, order timelines and statuses, alerts, instances finishing or failing",
  description:
    "`event: task` (opened, claimed, released, closed, reassigned: the tasks you may see), `timeline` (an instance's timeline grew by the lines firstSeq..lastSeq; with `order`, only that order's, and the lines themselves in `entries`, as GET /orders/{id} shows them), `alert` (raised, cleared; supervisors and admins), `instance` (finished, or stopped in the exceptions list), `order` (a step gave the order a new status: code and name; with `order`, only that order's). The first event is `ready`: reload what the page shows, then apply what follows. Events missed while disconnected are not replayed (Last-Event-ID is ignored).",
  tag: "Live updates",
  roles: "signed-in",
  query: Type.Object({ order: Type.Optional(Type.String({ minLength: 1, description: "Only this order's timeline (its global id); tasks and alerts still come." })) }, { additionalProperties: false }),
  responses: { 200: { description: "An endless text/event-stream", contentType: "text/event-stream" } },
});

export const eventRoutes = new Hono<Env>().get("/events", endpoint(stream), (c) => {
  const { deps } = c.var;
  const { live, heartbeatMs } = deps;
  const principal = c.var.principal;
  const { order } = c.req.valid("query");
  return streamSSE(c, async (sse) => {
    let sent = 0;
    // Events are written one after another, in the order heard, though an order page's timeline lines are read first.
    let writing = Promise.resolve();
    const write = async (event: LiveEvent) => {
      const data = order !== undefined && event.type === "timeline" ? { ...event, entries: await timelineLines(deps, event.instanceId, event.firstSeq, event.lastSeq) } : event;
      await sse.writeSSE({ event: event.type, data: JSON.stringify(data), id: String(++sent) });
    };
    const unsubscribe = live.subscribe((event) => {
      if (!mayHear(principal, event, order)) return;
      // A line that could not be read is reported and skipped: the page has it on its next reload.
      writing = writing.then(() => write(event)).catch((error: unknown) => deps.reportError({ requestId: c.var.requestId, method: "GET", path: "/events", error }));
    });
    sse.onAbort(unsubscribe);
    await sse.writeSSE({ event: "ready", data: JSON.stringify({ login: principal.login, order: order ?? null }), retry: 3000 });
    while (!sse.aborted && !sse.closed) {
      await sse.sleep(heartbeatMs);
      await sse.write(": heartbeat\n\n");
    }
    unsubscribe();
  });
});

/** Whether this person's stream carries the event: the same rules as the routes that read the things it is about. */
export function mayHear(principal: Principal, event: LiveEvent, order: string | undefined): boolean {
  switch (event.type) {
    case "task": {
      const { task } = event;
      const assignee = { assignee_user: task.assignee.user, assignee_role: task.assignee.role, assignee_warehouse: task.assignee.warehouse };
      return oversees(principal) || isFor(principal, assignee) || task.claimedBy === principal.login || task.submittedBy === principal.login;
    }
    case "timeline":
    case "order":
      // Staff read an order when they hold its sheet; the whole stream of every order is for the office.
      if (order !== undefined) return event.orderId === order && hasRole(principal, "admin", "supervisor", "designer", "integrator", "staff");
      return hasRole(principal, "admin", "supervisor", "designer", "integrator");
    case "alert":
      return hasRole(principal, "admin", "supervisor");
    case "instance":
      return (order === undefined || event.orderId === order) && hasRole(principal, "admin", "supervisor", "designer", "integrator");
  }
}
