import { describe, expect } from "vitest";
import { databaseCases, testWithDatabase } from "../../storage/testing";
import { httpHarness, template } from "../testing";

/** The smallest PNG: one transparent pixel. */
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=", "base64");

describe.each(await databaseCases())("tasks over HTTP on %s", (dialect) => {
  const test = testWithDatabase(dialect);

  /** The order-fulfilment flow published and one order waiting at its pick task (assigned to role picker in SH-01). */
  async function orderAtPicking(http: ReturnType<typeof httpHarness>) {
    const designer = await http.signIn("li", ["designer"]);
    const supervisor = await http.signIn("zhao", ["supervisor"]);
    await designer.put("/flows/order_fulfilment", template("flow.json"));
    await designer.post("/flows/order_fulfilment/publish");
    const instance = (await supervisor.post("/instances", { flowId: "order_fulfilment", input: template("events.json").input })).body.id as string;
    await http.drainOutbox();
    return { supervisor, instance };
  }

  test("pickers see the pick tasks of their warehouse; claiming makes a task theirs until released", async ({ db }) => {
    const http = httpHarness(db);
    const { supervisor, instance } = await orderAtPicking(http);
    const wang = await http.signIn("wang", ["staff"], "SH-01", ["picker"]);
    const chen = await http.signIn("chen", ["staff"], "SH-01", ["picker"]);
    const zhou = await http.signIn("zhou", ["staff"], "BJ-02", ["picker"]);

    const listed = await wang.get("/tasks");
    expect(listed.body.tasks).toEqual([expect.objectContaining({ instanceId: instance, orderId: null, node: "pick", status: "open", assignee: { role: "picker", user: null, warehouse: "SH-01" } })]);
    const key: string = listed.body.tasks[0].key;
    expect((await wang.get("/tasks?scope=warehouse")).body.tasks).toHaveLength(1);
    expect((await wang.get("/tasks?scope=role")).body.tasks).toHaveLength(1);
    expect((await wang.get("/tasks?scope=mine")).body.tasks).toEqual([]);
    expect((await zhou.get("/tasks")).body.tasks).toEqual([]);
    expect((await wang.get("/tasks?scope=everyone")).status).toBe(403);

    const detail = await wang.get(`/tasks/${encodeURIComponent(key)}`);
    expect(detail.body.formDefinition).toMatchObject({ id: "pick", schema: { required: ["scans", "photo"] }, uiSchema: { photo: { "ui:widget": "photo" } } });
    expect(detail.body.prefill).toEqual({ orderNo: "DB20261122000001" });

    expect((await zhou.get(`/tasks/${encodeURIComponent(key)}`)).status).toBe(403);
    const elsewhere = await zhou.post(`/tasks/${encodeURIComponent(key)}/claim`);
    expect(elsewhere.status).toBe(403);
    expect(elsewhere.body.error.message).toBe("The task is for role picker in warehouse SH-01, not for zhou (job roles: picker; warehouse: BJ-02)");

    const claimed = await wang.post(`/tasks/${encodeURIComponent(key)}/claim`);
    expect(claimed.status).toBe(200);
    expect(claimed.body).toMatchObject({ status: "claimed", claimedBy: "wang" });
    expect((await wang.get("/tasks?scope=mine")).body.tasks).toHaveLength(1);
    expect((await chen.get("/tasks")).body.tasks).toEqual([]);
    const taken = await chen.post(`/tasks/${encodeURIComponent(key)}/claim`);
    expect(taken.status).toBe(409);
    expect(taken.body.error.code).toBe("task_claimed");
    expect((await chen.post(`/tasks/${encodeURIComponent(key)}/release`)).status).toBe(403);
    expect((await supervisor.get("/tasks?scope=everyone")).body.tasks).toEqual([expect.objectContaining({ key, claimedBy: "wang" })]);

    expect((await wang.post(`/tasks/${encodeURIComponent(key)}/release`)).body).toMatchObject({ status: "open", claimedBy: null });
    expect((await chen.post(`/tasks/${encodeURIComponent(key)}/claim`)).body.claimedBy).toBe("chen");

    const audit = await db.selectFrom("audit_log").select(["actor", "action"]).where("target_type", "=", "task").orderBy("id").execute();
    expect(audit).toEqual([
      { actor: "wang", action: "task.claim" },
      { actor: "wang", action: "task.release" },
      { actor: "chen", action: "task.claim" },
    ]);
  });

  test("a task for pickers in SH-01 is for no packer of SH-01, no picker elsewhere, no staff without the job role", async ({ db }) => {
    const http = httpHarness(db);
    const { supervisor } = await orderAtPicking(http);
    const packer = await http.signIn("sun", ["staff"], "SH-01", ["packer"]);
    const pickerInGuangzhou = await http.signIn("he", ["staff"], "GZ-01", ["picker"]);
    const noJobRole = await http.signIn("qian", ["staff"], "SH-01");
    const [task] = (await supervisor.get("/tasks?scope=everyone")).body.tasks;
    const key = encodeURIComponent(task.key);

    for (const person of [packer, pickerInGuangzhou, noJobRole]) {
      for (const scope of ["", "?scope=mine", "?scope=role", "?scope=warehouse"]) expect((await person.get(`/tasks${scope}`)).body.tasks).toEqual([]);
      expect((await person.get(`/tasks/${key}`)).status).toBe(403);
      expect((await person.post(`/tasks/${key}/claim`)).status).toBe(403);
    }
    expect((await packer.post(`/tasks/${key}/claim`)).body.error.message).toBe("The task is for role picker in warehouse SH-01, not for sun (job roles: packer; warehouse: SH-01)");
    expect((await noJobRole.post(`/tasks/${key}/claim`)).body.error.message).toBe("The task is for role picker in warehouse SH-01, not for qian (job roles: none; warehouse: SH-01)");
    expect((await supervisor.post(`/tasks/${key}/claim`)).body).toMatchObject({ status: "claimed", claimedBy: "zhao" });
  });

  test("a task naming a user is that user's alone, whatever their job roles and warehouse", async ({ db }) => {
    const http = httpHarness(db);
    const designer = await http.signIn("li", ["designer"]);
    const supervisor = await http.signIn("zhao", ["supervisor"]);
    const flow = template("flow.json");
    flow.nodes.find((node: { id: string }) => node.id === "pick").assignee = { user: "chen" };
    expect((await designer.put("/flows/order_fulfilment", flow)).status).toBe(201);
    expect((await designer.post("/flows/order_fulfilment/publish")).status).toBe(201);
    await supervisor.post("/instances", { flowId: "order_fulfilment", input: template("events.json").input });
    await http.drainOutbox();
    const chen = await http.signIn("chen", ["staff"], "GZ-01");
    const picker = await http.signIn("wang", ["staff"], "SH-01", ["picker"]);

    const [task] = (await chen.get("/tasks?scope=mine")).body.tasks;
    expect(task).toMatchObject({ node: "pick", assignee: { user: "chen", role: null, warehouse: null } });
    expect((await chen.get("/tasks")).body.tasks).toEqual([task]);
    expect((await chen.get("/tasks?scope=warehouse")).body.tasks).toEqual([]);
    for (const scope of ["", "?scope=mine", "?scope=role", "?scope=warehouse"]) expect((await picker.get(`/tasks${scope}`)).body.tasks).toEqual([]);
    const refused = await picker.post(`/tasks/${encodeURIComponent(task.key)}/claim`);
    expect(refused.body.error).toMatchObject({ code: "forbidden", message: "The task is for user chen, not for wang" });
    expect((await chen.post(`/tasks/${encodeURIComponent(task.key)}/claim`)).body.claimedBy).toBe("chen");
  });

  test("a submission that does not fit the form gets 400 with every field path; a good one moves the order on", async ({ db }) => {
    const http = httpHarness(db);
    const { supervisor, instance } = await orderAtPicking(http);
    const wang = await http.signIn("wang", ["staff"], "SH-01", ["picker", "packer"]);
    const key = encodeURIComponent((await wang.get("/tasks")).body.tasks[0].key);

    const bad = await wang.post(`/tasks/${key}/submit`, { data: { scans: [{ barcode: "6901234567890", quantity: 0 }, { quantity: 1 }] } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe("invalid_form_data");
    expect(bad.body.error.problems.map((p: { field: string }) => p.field).sort()).toEqual(["/data/photo", "/data/scans/0/quantity", "/data/scans/1/barcode"]);
    expect(bad.body.error.message).toMatch(/^\/data\/\S+: .+ \(and 2 more problems\)$/);

    const notUploaded = await wang.post(`/tasks/${key}/submit`, { data: { scans: [{ barcode: "6901234567890", quantity: 2 }], photo: "made-up-id" } });
    expect(notUploaded.status).toBe(400);
    expect(notUploaded.body.error.problems).toEqual([{ field: "/data/photo", message: expect.stringContaining('no uploaded file has the id "made-up-id"') }]);
    expect((await supervisor.get(`/instances/${instance}`)).body.waitingAt).toEqual(["pick"]);

    const uploaded = await wang.upload("/files", PNG, "image/png");
    expect(uploaded.status).toBe(201);
    expect(uploaded.body).toMatchObject({ contentType: "image/png", size: PNG.length, uploadedBy: "wang" });
    const again = await wang.upload("/files", PNG, "image/png");
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(uploaded.body.id);
    const download = await supervisor.send(`/files/${uploaded.body.id}`, { method: "GET" });
    expect(download.headers.get("content-type")).toBe("image/png");
    expect(download.headers.get("x-content-type-options")).toBe("nosniff");

    const good = await wang.post(`/tasks/${key}/submit`, { data: { scans: [{ barcode: "6901234567890", quantity: 2 }], photo: uploaded.body.id } });
    expect(good.status).toBe(200);
    expect(good.body.task).toMatchObject({ status: "submitted", submittedBy: "wang" });
    expect(good.body.instance).toMatchObject({ id: instance, waitingAt: ["pack"] });
    const timeline = (await supervisor.get(`/instances/${instance}`)).body.timeline;
    expect(timeline).toContainEqual(expect.objectContaining({ kind: "event", type: "task.submitted", actor: "wang", text: "task submitted (by wang)" }));

    const twice = await wang.post(`/tasks/${key}/submit`, { data: { scans: [{ barcode: "6901234567890", quantity: 2 }], photo: uploaded.body.id } });
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe("task_closed");
    expect((await wang.get("/tasks")).body.tasks.map((t: { node: string }) => t.node)).toEqual(["pack"]);
  });

  test("uploads take images only", async ({ db }) => {
    const http = httpHarness(db);
    const wang = await http.signIn("wang", ["staff"], "SH-01");
    const text = await wang.upload("/files", Buffer.from("<script>alert(1)</script>"), "text/html");
    expect(text.status).toBe(415);
    expect(text.body.error).toMatchObject({ code: "unsupported_media_type", field: "content-type" });
    const empty = await wang.upload("/files", new Uint8Array(0), "image/png");
    expect(empty.status).toBe(400);
    expect(await db.selectFrom("files").select("id").execute()).toEqual([]);
  });
});
