/**
 * Fixtures are files, not 200-line literals in source. A connector keeps them
 * under `fixtures/`:
 *
 *     fixtures/actions/<action_id>/<case>.json    { input, responses?, output? | error? }
 *     fixtures/webhooks/<trigger_id>/<case>.json  { body, headers?, expect }
 *
 * `responses` are what the far side answers, in turn; `output` is what the
 * action must return, or `error` the failure it must report.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Type, type Static } from "@sinclair/typebox";
import { checkAgainst, describeProblems } from "../validation/schema-validator";

const ScriptedResponseSchema = Type.Object(
  { status: Type.Integer({ minimum: 100, maximum: 599 }), headers: Type.Optional(Type.Record(Type.String(), Type.String())), body: Type.Optional(Type.Unknown()) },
  { additionalProperties: false },
);

export const ActionFixtureSchema = Type.Object(
  {
    description: Type.Optional(Type.String()),
    input: Type.Record(Type.String(), Type.Unknown()),
    responses: Type.Optional(Type.Array(ScriptedResponseSchema)),
    output: Type.Optional(Type.Unknown()),
    error: Type.Optional(Type.Object({ code: Type.String(), retryable: Type.Boolean() }, { additionalProperties: false })),
  },
  { additionalProperties: false },
);

export const WebhookFixtureSchema = Type.Object(
  {
    description: Type.Optional(Type.String()),
    /** JSON is sent as its text; a string is sent as it is. */
    body: Type.Unknown(),
    headers: Type.Optional(Type.Record(Type.String(), Type.String())),
    expect: Type.Object(
      {
        /** "batch" for a delivery carrying several events; `fields.events` then lists them (each as a subset). */
        kind: Type.Union([Type.Literal("order"), Type.Literal("message"), Type.Literal("ignored"), Type.Literal("batch")]),
        dedupeKey: Type.Optional(Type.Union([Type.String(), Type.Null()])),
        /** Fields the event must have (for an order: of the canonical order), compared as a subset. */
        fields: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);

export type ActionFixture = Static<typeof ActionFixtureSchema> & { name: string };
export type WebhookFixture = Static<typeof WebhookFixtureSchema> & { name: string };

export interface Fixtures {
  actions: Record<string, ActionFixture[]>;
  webhooks: Record<string, WebhookFixture[]>;
}

/** Reads a fixtures folder; a file that is not valid JSON or not a fixture fails with its path and the field at fault. */
export function loadFixtures(dir: string | URL): Fixtures {
  const root = typeof dir === "string" ? dir : fileURLToPath(dir);
  return { actions: loadKind(join(root, "actions"), ActionFixtureSchema), webhooks: loadKind(join(root, "webhooks"), WebhookFixtureSchema) };
}

function loadKind<T>(dir: string, schema: typeof ActionFixtureSchema | typeof WebhookFixtureSchema): Record<string, (T & { name: string })[]> {
  const out: Record<string, (T & { name: string })[]> = {};
  if (!exists(dir)) return out;
  for (const id of readdirSync(dir).sort()) {
    const folder = join(dir, id);
    if (!statSync(folder).isDirectory()) continue;
    out[id] = readdirSync(folder)
      .filter((file) => file.endsWith(".json"))
      .sort()
      .map((file) => {
        const path = join(folder, file);
        let value: unknown;
        try {
          value = JSON.parse(readFileSync(path, "utf8"));
        } catch (error) {
          throw new Error(`Fixture ${path} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
        }
        const problems = checkAgainst(schema, value, "");
        if (problems.length > 0) throw new Error(`Fixture ${path} is not a fixture: ${describeProblems(problems)}`);
        return { ...(value as T), name: `${id}/${file.replace(/\.json$/, "")}` };
      });
  }
  return out;
}

function exists(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
