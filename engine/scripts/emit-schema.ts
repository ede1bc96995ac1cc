/** Writes engine/schema/flow.schema.json from the TypeBox flow definition (`npm run schema`). */
import { mkdirSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { renderFlowJsonSchema } from "../src/definition/json-schema";

const target = fileURLToPath(new URL("../schema/flow.schema.json", import.meta.url));
mkdirSync(fileURLToPath(new URL("../schema/", import.meta.url)), { recursive: true });
writeFileSync(target, renderFlowJsonSchema());
console.log(`wrote ${target}`);
