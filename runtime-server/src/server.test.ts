import { describe, expect, it } from "vitest";
import { createLogger } from "./observability/logger";
import { startServer } from "./server";

describe("the runtime server", () => {
  it("starts on the embedded database with the demo order, answers over HTTP, says how to create the first admin, and stops", async () => {
    // The built-in inventory reserves the demo order's stock in the demo warehouse; the order then waits for its picker.
    const lines: string[] = [];
    const announced: string[] = [];
    const server = await startServer({ database: {}, port: 0, demo: true, log: createLogger({ write: (line) => lines.push(line) }), announce: (text) => announced.push(text) });
    try {
      const health = await fetch(`${server.url}/health`);
      expect(await health.json()).toEqual({ status: "ok", database: "ok" });
      await expect.poll(async () => (await (await fetch(`${server.url}/metrics`)).text()).match(/^orderflow_tasks_open (\d+)/m)?.[1], { timeout: 10_000 }).toBe("1");
      expect((await fetch(`${server.url}/reference`)).headers.get("content-type")).toContain("text/html");
      const messages = lines.map((line) => JSON.parse(line).message as string);
      expect(messages).toContain("demo data loaded");
      expect(announced.join("\n")).toContain(`curl -X POST ${server.url}/setup/first-admin`);
    } finally {
      await server.stop();
    }
  });
});
