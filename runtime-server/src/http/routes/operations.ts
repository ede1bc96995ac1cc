/** For the people and machines running the server: /health for load balancers, /metrics for Prometheus. */
import { Type } from "@sinclair/typebox";
import { Hono } from "hono";
import { sql } from "kysely";
import { defineEndpoint, endpoint } from "../endpoint";
import type { Env } from "../env";

const health = defineEndpoint({
  summary: "Whether this server and its database answer",
  tag: "Operations",
  roles: "public",
  responses: {
    200: { description: "Healthy", schema: Type.Object({ status: Type.Literal("ok"), database: Type.Literal("ok") }) },
    503: { description: "The database does not answer" },
  },
});

const metrics = defineEndpoint({
  summary: "Prometheus metrics: requests, instances by status, open tasks, the outbox",
  tag: "Operations",
  roles: "public",
  responses: { 200: { description: "The text exposition format", contentType: "text/plain" } },
});

export const operationRoutes = new Hono<Env>()
  .get("/health", endpoint(health), async (c) => {
    try {
      await sql`select 1`.execute(c.var.deps.db);
      return c.json({ status: "ok" as const, database: "ok" as const }, 200);
    } catch {
      return c.json({ status: "unavailable", database: "unreachable" }, 503);
    }
  })
  .get("/metrics", endpoint(metrics), async (c) => {
    const { db, metrics: registry } = c.var.deps;
    const [instances, tasks, outbox] = await Promise.all([
      db.selectFrom("instances").select(["status", (eb) => eb.fn.countAll<number>().as("n")]).groupBy("status").execute(),
      db.selectFrom("tasks").select((eb) => eb.fn.countAll<number>().as("n")).where("status", "in", ["open", "claimed"]).executeTakeFirstOrThrow(),
      db.selectFrom("outbox").select(["status", (eb) => eb.fn.countAll<number>().as("n")]).where("status", "in", ["pending", "running", "dead"]).groupBy("status").execute(),
    ]);
    const lines = [
      "# HELP orderflow_instances Instances by status",
      "# TYPE orderflow_instances gauge",
      ...instances.map((row) => `orderflow_instances{status="${row.status}"} ${Number(row.n)}`),
      "# HELP orderflow_tasks_open Tasks open or claimed",
      "# TYPE orderflow_tasks_open gauge",
      `orderflow_tasks_open ${Number(tasks.n)}`,
      "# HELP orderflow_outbox_rows Outbox rows waiting, being carried out, or dead (for staff to look at)",
      "# TYPE orderflow_outbox_rows gauge",
      ...outbox.map((row) => `orderflow_outbox_rows{status="${row.status}"} ${Number(row.n)}`),
    ];
    return c.text(`${registry.render()}${lines.join("\n")}\n`, 200, { "content-type": "text/plain; version=0.0.4" });
  });
