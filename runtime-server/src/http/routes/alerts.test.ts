import { describe, expect } from "vitest";
import { json } from "../../storage/json";
import { databaseCases, testWithDatabase } from "../../storage/testing";
import { httpHarness } from "../testing";

describe.each(await databaseCases())("alerts over HTTP on %s", (dialect) => {
  const test = testWithDatabase(dialect);

  test("supervisors list the alerts not cleared, critical first, and acknowledge them once", async ({ db }) => {
    const http = httpHarness(db);
    const supervisor = await http.signIn("zhao", ["supervisor"]);
    const staff = await http.signIn("wang", ["staff"]);
    const raise = (key: string, severity: "info" | "warning" | "critical", status: "raised" | "cleared" = "raised") =>
      db.insertInto("alerts").values({ key, alert: key, severity, message: json({ en: `alert ${key}` }), status, ...(status === "cleared" ? { cleared_at: new Date() } : {}) }).returning("id").executeTakeFirstOrThrow();
    await raise("late_pick", "warning");
    const stock = await raise("no_stock", "critical");
    const gone = await raise("old", "critical", "cleared");

    expect((await staff.get("/alerts")).status).toBe(403);
    const listed = await supervisor.get("/alerts");
    expect(listed.body.alerts.map((a: { alert: string }) => a.alert)).toEqual(["no_stock", "late_pick"]);

    const acknowledged = await supervisor.post(`/alerts/${stock.id}/acknowledge`);
    expect(acknowledged.status).toBe(200);
    expect(acknowledged.body).toMatchObject({ status: "acknowledged", acknowledgedBy: "zhao", message: { en: "alert no_stock" } });
    expect((await supervisor.post(`/alerts/${stock.id}/acknowledge`)).body.acknowledgedAt).toBe(acknowledged.body.acknowledgedAt);
    expect((await supervisor.get("/alerts?status=raised")).body.alerts.map((a: { alert: string }) => a.alert)).toEqual(["late_pick"]);

    const cleared = await supervisor.post(`/alerts/${gone.id}/acknowledge`);
    expect(cleared.status).toBe(409);
    expect(cleared.body.error.code).toBe("alert_cleared");
    expect((await supervisor.post("/alerts/999999/acknowledge")).status).toBe(404);
    const notANumber = await supervisor.post("/alerts/abc/acknowledge");
    expect(notANumber.status).toBe(400);
    expect(notANumber.body.error).toMatchObject({ in: "path", field: "id", message: 'Path parameter "id": must be integer' });

    const audit = await db.selectFrom("audit_log").select(["actor", "action", "target_id"]).where("target_type", "=", "alert").execute();
    expect(audit).toEqual([{ actor: "zhao", action: "alert.acknowledge", target_id: String(stock.id) }]);
  });
});
