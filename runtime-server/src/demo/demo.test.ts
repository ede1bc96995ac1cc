/**
 * `npm start`'s demo, end to end over HTTP: the demo order arrives from the
 * simulated Taobao shop, the demo's picker and packer submit their tasks as
 * they would on their phones, the built-in courier connector quotes SF
 * Express (the real connector, against its simulator), the waybill and its
 * label are made, the tracking number goes back to the shop, and the
 * simulated courier's delivery push completes the order.
 */
import { describe, expect, it } from "vitest";
import { createLogger } from "../observability/logger";
import { startServer } from "../server";

const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=", "base64");
const PASSWORD = "correct horse battery";

describe("the demo", () => {
  it("takes the demo order from the shop to delivery when staff submit their tasks", { timeout: 60_000 }, async () => {
    const announced: string[] = [];
    const server = await startServer({ database: {}, port: 0, demo: true, log: createLogger({ write: () => {} }), announce: (text) => announced.push(text), workerLeaseMs: 5_000 });
    const call = async (path: string, init: { method?: string; body?: unknown; cookie?: string; raw?: Buffer; type?: string } = {}) => {
      const headers: Record<string, string> = init.cookie ? { cookie: init.cookie } : {};
      let body: RequestInit["body"];
      if (init.raw) (headers["content-type"] = init.type!), (body = init.raw);
      else if (init.body !== undefined) (headers["content-type"] = "application/json"), (body = JSON.stringify(init.body));
      const response = await fetch(`${server.url}${path}`, { method: init.method ?? (body ? "POST" : "GET"), headers, body });
      const text = await response.text();
      return { status: response.status, headers: response.headers, body: text && response.headers.get("content-type")?.includes("json") ? JSON.parse(text) : text };
    };
    const signIn = async (login: string) => {
      const answer = await call("/auth/login", { body: { login, password: PASSWORD } });
      expect(answer.status).toBe(200);
      return answer.headers.get("set-cookie")!.split(";")[0]!;
    };
    try {
      const setupCode = /"setupCode":\s*"([^"]+)"/.exec(announced.join("\n"))?.[1];
      expect(setupCode, announced.join("\n")).toBeDefined();
      expect((await call("/setup/first-admin", { body: { setupCode, login: "admin", displayName: "Admin", password: PASSWORD } })).status).toBe(201);
      const admin = await signIn("admin");
      for (const [login, jobRole] of [["picker-wang", "picker"], ["packer-li", "packer"]] as const) {
        const created = await call("/users", { cookie: admin, body: { login, displayName: login, password: PASSWORD, roles: ["staff"], jobRoles: [jobRole], warehouse: "SH-01" } });
        expect(created.status, JSON.stringify(created.body)).toBe(201);
      }

      const openTask = async (cookie: string, node: string) => {
        let key: string | undefined;
        await expect
          .poll(async () => {
            const { body } = await call("/tasks", { cookie });
            key = (body.tasks as { key: string; node: string; status: string }[]).find((t) => t.node === node && t.status === "open")?.key;
            return key;
          }, { timeout: 20_000, interval: 250 })
          .toBeDefined();
        return key!;
      };
      const submit = async (cookie: string, node: string, data: (photo: string) => Record<string, unknown>) => {
        const key = await openTask(cookie, node);
        // The task names its order, which the person holding the task may open.
        const task = await call(`/tasks/${encodeURIComponent(key)}`, { cookie });
        expect(task.body.orderId).toMatch(/^DB\d{14}$/);
        expect((await call(`/orders/${task.body.orderId}`, { cookie })).status).toBe(200);
        const photo = await call("/files", { cookie, raw: PNG, type: "image/png" });
        expect([200, 201]).toContain(photo.status);
        const submitted = await call(`/tasks/${encodeURIComponent(key)}/submit`, { cookie, body: { data: data(photo.body.id) } });
        expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
        return key;
      };

      const wang = await signIn("picker-wang");
      const pickKey = await submit(wang, "pick", (photo) => ({ scans: [{ barcode: "6901234567890", quantity: 1 }], photo }));
      const li = await signIn("packer-li");
      await submit(li, "pack", (photo) => ({ weightKg: 0.62, photo }));

      const instanceId = pickKey.split(":")[0]!;
      let detail: any;
      await expect
        .poll(async () => {
          detail = (await call(`/instances/${instanceId}`, { cookie: admin })).body;
          return detail.status;
        }, { timeout: 30_000, interval: 250 })
        .toBe("completed");
      const timeline = detail.timeline as { kind: string; type: string; node: string | null; data: Record<string, any> }[];
      const outputOf = (node: string) => {
        const key = timeline.find((entry) => entry.kind === "effect" && entry.type === "action.invoke" && entry.node === node)?.data.key;
        return timeline.find((entry) => entry.kind === "event" && entry.type === "action.result" && entry.data.key === key && entry.data.ok)?.data.output;
      };
      const waybillCall = timeline.find((entry) => entry.type === "action.invoke" && entry.node === "waybill")!.data;
      expect(waybillCall.input.recipient).toEqual({ name: "张三", phone: "13800001234" });
      expect(outputOf("choose_courier")).toMatchObject({ courier: "sf_express", service: "2" });
      const trackingNo = outputOf("waybill")!.trackingNo as string;
      expect(trackingNo).toMatch(/^SF\d+$/);
      expect(outputOf("label")).toMatchObject({ trackingNo, contentType: "application/pdf" });
      expect(Buffer.from(outputOf("label")!.pdfBase64 as string, "base64").subarray(0, 5).toString()).toBe("%PDF-");
      const pushCall = timeline.find((entry) => entry.type === "action.invoke" && entry.node === "push_tracking")!.data;
      expect(pushCall.input).toMatchObject({ channel: "taobao", courier: "SF", trackingNo });
      expect(outputOf("push_tracking")).toMatchObject({ accepted: true, alreadyShipped: false });
    } finally {
      await server.stop();
    }
  });
});
