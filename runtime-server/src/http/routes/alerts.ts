/** Alerts: the ones still standing, and acknowledging them ("I am on it"). */
import type { Static } from "@sinclair/typebox";
import { Hono } from "hono";
import type { Selectable } from "kysely";
import { recordAudit } from "../../auth/audit";
import { inTransaction } from "../../auth/in-transaction";
import type { AlertsTable } from "../../storage/schema";
import { defineEndpoint, endpoint } from "../endpoint";
import type { Env } from "../env";
import { conflict, notFound } from "../errors";
import { Alert, AlertIdParam, AlertList, AlertListQuery } from "../schemas/alerts";

const list = defineEndpoint({
  summary: "List the alerts not cleared, critical first, newest first",
  tag: "Alerts",
  roles: ["admin", "supervisor"],
  query: AlertListQuery,
  responses: { 200: { description: "The alerts", schema: AlertList } },
});

const acknowledge = defineEndpoint({
  summary: "Acknowledge an alert",
  description: "Says someone is on it; the alert stays listed until its flow clears it. Acknowledging twice changes nothing.",
  tag: "Alerts",
  roles: ["admin", "supervisor"],
  params: AlertIdParam,
  responses: { 200: { description: "Acknowledged", schema: Alert }, 404: { description: "No such alert" }, 409: { description: "The alert was cleared" } },
});

export const alertRoutes = new Hono<Env>()
  .get("/alerts", endpoint(list), async (c) => {
    const { status, limit } = c.req.valid("query");
    const rows = await c.var.deps.db
      .selectFrom("alerts")
      .selectAll()
      .where("status", "in", status ? [status] : ["raised", "acknowledged"])
      .orderBy((eb) => eb.case("severity").when("critical").then(0).when("warning").then(1).else(2).end())
      .orderBy("raised_at", "desc")
      .limit(limit ?? 100)
      .execute();
    return c.json({ alerts: rows.map(toAlert) }, 200);
  })
  .post("/alerts/:id/acknowledge", endpoint(acknowledge), async (c) => {
    const { db, clock } = c.var.deps;
    const { id } = c.req.valid("param");
    const actor = c.var.principal.login;
    const alert = await inTransaction(db, async (tx) => {
      const before = await tx.selectFrom("alerts").selectAll().where("id", "=", id).forUpdate().executeTakeFirst();
      if (!before) throw notFound(`No alert ${id}`);
      if (before.status === "cleared") throw conflict("alert_cleared", `Alert ${id} was cleared at ${before.cleared_at?.toISOString()}: its condition no longer holds, there is nothing to acknowledge`);
      if (before.status === "acknowledged") return before;
      const now = clock();
      const after = await tx.updateTable("alerts").set({ status: "acknowledged", acknowledged_by: actor, acknowledged_at: now }).where("id", "=", id).returningAll().executeTakeFirstOrThrow();
      await recordAudit(tx, { actor, action: "alert.acknowledge", targetType: "alert", targetId: String(id), before: { status: before.status }, after: { status: "acknowledged" }, at: now });
      return after;
    });
    return c.json(toAlert(alert), 200);
  });

function toAlert(row: Selectable<AlertsTable>): Static<typeof Alert> {
  return {
    id: row.id,
    alert: row.alert,
    instanceId: row.instance_id,
    node: row.node,
    severity: row.severity,
    message: row.message,
    status: row.status,
    raisedAt: row.raised_at.toISOString(),
    acknowledgedBy: row.acknowledged_by,
    acknowledgedAt: row.acknowledged_at?.toISOString() ?? null,
  };
}
