import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { Ajv } from "ajv";
import { describe, expect, it } from "vitest";
import { renderFlowJsonSchema } from "./json-schema";
import { validateFlow } from "./validate";
import { everyKindFlow, simpleFlow } from "./test-flows";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const schemaFile = join(root, "engine/schema/flow.schema.json");

function flowFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === "node_modules") return [];
    if (statSync(path).isDirectory()) return flowFiles(path);
    return name === "flow.json" ? [path] : [];
  });
}

describe("engine/schema/flow.schema.json", () => {
  it("is what the TypeBox definition emits", () => {
    const committed = readFileSync(schemaFile, "utf8");
    expect(committed === renderFlowJsonSchema(), "engine/schema/flow.schema.json is out of date: run npm run schema").toBe(true);
  });

  it("validates flows with plain Ajv, as Monaco and the server do", () => {
    const validate = new Ajv({ allErrors: true }).compile(JSON.parse(readFileSync(schemaFile, "utf8")));
    expect(validate(everyKindFlow()), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ ...simpleFlow(), nodes: [{ id: "start", kind: "begin" }] })).toBe(false);
  });
});

describe("templates/**/flow.json", () => {
  const files = flowFiles(join(root, "templates"));
  const validate = new Ajv({ allErrors: true }).compile(JSON.parse(readFileSync(schemaFile, "utf8")));

  if (files.length === 0) it.skip("no template flows yet", () => {});

  it.each(files.map((file) => [relative(root, file), file]))("%s fits the emitted schema and validates", (_, file) => {
    const flow: unknown = JSON.parse(readFileSync(file, "utf8"));
    expect(validate(flow), JSON.stringify(validate.errors, null, 2)).toBe(true);
    const result = validateFlow(flow);
    expect(result.problems.filter((p) => p.severity === "error")).toEqual([]);
    expect(result.ok).toBe(true);
  });
});
