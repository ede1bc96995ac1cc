import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadFixtures } from "./fixtures";

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function folder(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), "fixtures-"));
  dirs.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, ".."), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

describe("loadFixtures", () => {
  it("reads action and webhook fixtures by id, each named for its file", () => {
    const root = folder({
      "actions/create_waybill/ok.json": JSON.stringify({ input: { weightKg: 1 }, output: { trackingNo: "SF1" } }),
      "actions/create_waybill/notes.txt": "not a fixture",
      "webhooks/orders/paid.json": JSON.stringify({ body: { event: "paid" }, expect: { kind: "message" } }),
    });
    const fixtures = loadFixtures(root);
    expect(fixtures.actions["create_waybill"]).toEqual([{ name: "create_waybill/ok", input: { weightKg: 1 }, output: { trackingNo: "SF1" } }]);
    expect(fixtures.webhooks["orders"]?.map((f) => f.name)).toEqual(["orders/paid"]);
    expect(loadFixtures(folder({}))).toEqual({ actions: {}, webhooks: {} });
  });

  it("names the file and the field of a fixture that is wrong", () => {
    const broken = folder({ "actions/a/bad.json": "{ not json" });
    expect(() => loadFixtures(broken)).toThrow(/actions\/a\/bad\.json is not valid JSON/);
    const wrong = folder({ "actions/a/wrong.json": JSON.stringify({ input: {}, responses: [{ status: 999 }], outptu: {} }) });
    expect(() => loadFixtures(wrong)).toThrow(/wrong\.json is not a fixture: .*responses\[0\]\.status must be <= 599/);
    expect(() => loadFixtures(wrong)).toThrow(/outptu is not a known field: remove it or check its spelling/);
  });
});
