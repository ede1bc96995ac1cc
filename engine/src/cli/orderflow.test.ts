import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { main } from "./orderflow";

const template = (name: string) => new URL(`../../../templates/order-fulfilment/${name}`, import.meta.url).pathname;

const made: string[] = [];
/** A scratch folder, removed when the file's tests are done. */
function scratch(): string {
  const dir = mkdtempSync(join(tmpdir(), "orderflow-cli-"));
  made.push(dir);
  return dir;
}
afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

async function run(...argv: string[]): Promise<{ code: number; output: string }> {
  const lines: string[] = [];
  const code = await main(argv, (text) => lines.push(text));
  return { code, output: lines.join("\n") };
}

describe("orderflow simulate", () => {
  it("prints the path, every effect and why each decision went its way", async () => {
    const { code, output } = await run("simulate", template("flow.json"), "--events", template("events.json"));
    expect(code).toBe(0);
    expect(output).toContain("Path: start → audit → reserve → pick → pack → choose_courier → waybill → label → push_tracking → await_delivery → done");
    expect(output).toContain("action.invoke inventory.reserve");
    expect(output).toContain("task.open pick form=pick role=picker");
    expect(output).toMatch(/audit decided → pass \(no condition held\)/);
    expect(output).toContain('input.paymentStatus "paid"');
    expect(output).toContain("Status: completed");
  });

  it("prints the report as JSON with --json", async () => {
    const { code, output } = await run("simulate", template("flow.json"), "--events", template("events.json"), "--json");
    expect(code).toBe(0);
    expect(JSON.parse(output)).toMatchObject({ status: "completed", exceptions: [], refused: [] });
  });

  it("exits 1 and says which step was refused when an event does not apply", async () => {
    const dir = scratch();
    const events = join(dir, "events.json");
    writeFileSync(events, JSON.stringify({ start: "2026-11-22T09:00:00+08:00", input: {}, steps: [{ submit: "pack", data: {} }] }));
    const { code, output } = await run("simulate", template("flow.json"), "--events", events);
    expect(code).toBe(1);
    expect(output).toMatch(/Refused step 1: .*no open task at node "pack"/);
  });

  it("explains a missing or unreadable file", async () => {
    expect(await run("simulate", template("flow.json"))).toMatchObject({ code: 2, output: expect.stringContaining("--events") });
    expect(await run("simulate", "/nowhere/flow.json", "--events", template("events.json"))).toMatchObject({
      code: 1,
      output: expect.stringContaining("Cannot read /nowhere/flow.json"),
    });
  });
});

describe("orderflow validate", () => {
  it("says a valid flow is valid, warnings included", async () => {
    const { code, output } = await run("validate", template("flow.json"));
    expect(code).toBe(0);
    expect(output).toMatch(/^warning \/nodes\/\d+: /m);
    expect(output).toMatch(/flow\.json: valid \(\d+ warnings?\)$/);
  });

  it("lists each problem of an invalid flow with its pointer and exits 1", async () => {
    const dir = scratch();
    const file = join(dir, "flow.json");
    writeFileSync(file, JSON.stringify({ schemaVersion: 1, id: "x", name: "x", trigger: { type: "manual" }, nodes: [{ id: "a.b", kind: "start" }], edges: [] }));
    const { code, output } = await run("validate", file);
    expect(code).toBe(1);
    expect(output).toMatch(/error \/nodes\/0\/id: .*"\."/);
  });
});
