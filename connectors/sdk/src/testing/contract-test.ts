/**
 * The contract every connector passes, in one line in its test file:
 *
 *     contractTest(webhookShop, { fixtures: new URL("../fixtures", import.meta.url), settings: (url) => ({ … }) });
 *
 * It checks the declaration (snake_case ids, bilingual names and labels,
 * schemas Ajv compiles, an output schema per action), that every action and
 * webhook trigger has fixtures that fit its schemas, and then runs them for
 * real: each action against a local HTTP server answering with the
 * fixture's responses, each webhook fixture signed as the platform would,
 * read, and read again tampered with, which must be refused.
 */
import type { TSchema } from "@sinclair/typebox";
import { describe, expect, it } from "vitest";
import { redactSecrets, REDACTED } from "../auth/secret-fields";
import type { ConnectorDefinition } from "../definition/connector";
import { isSnakeCase } from "../definition/declaration-checks";
import { WebhookRejection, type WebhookTriggerDefinition } from "../definition/triggers";
import { installConnector } from "../install/install-connector";
import { createMemoryStore } from "../store";
import { checkAgainst, compileSchema, describeProblems } from "../validation/schema-validator";
import { loadFixtures } from "./fixtures";
import { startScriptedServer } from "./local-server";

export interface ContractTestOptions {
  /** The connector's fixtures folder. */
  fixtures: string | URL;
  /** Settings for an installation whose far side is at `farSideUrl` (a local test server). */
  settings: (farSideUrl: string) => Record<string, unknown>;
}

export function contractTest(connector: ConnectorDefinition<any>, options: ContractTestOptions): void {
  describe(`${connector.id}: connector contract`, () => {
    const fixtures = loadFixtures(options.fixtures);

    it("declares snake_case ids and Chinese and English names for itself, its actions, triggers and props", () => {
      const problems: string[] = [];
      const named = [{ what: `connector ${connector.id}`, id: connector.id, name: connector.name }, ...connector.actions.map((a) => ({ what: `action ${a.id}`, id: a.id, name: a.name })), ...connector.triggers.map((t) => ({ what: `trigger ${t.id}`, id: t.id, name: t.name }))];
      for (const { what, id, name } of named) {
        if (!isSnakeCase(id)) problems.push(`${what}: the id is not snake_case`);
        if (!name.zh?.trim() || !name.en?.trim()) problems.push(`${what}: needs both zh and en names`);
      }
      problems.push(...unlabelled(connector.settingsSchema, "settings"));
      for (const action of connector.actions) problems.push(...unlabelled(action.input, `${action.id} input`));
      expect(problems).toEqual([]);
    });

    it("has schemas that compile, and an object output schema for every action", () => {
      expect(() => compileSchema(connector.settingsSchema)).not.toThrow();
      for (const action of connector.actions) {
        expect(() => compileSchema(action.input), `${action.id} input`).not.toThrow();
        expect(action.output, `${action.id} output`).toBeDefined();
        expect(() => compileSchema(action.output), `${action.id} output`).not.toThrow();
        // The designer offers the fields of a step's output to later steps: it needs named fields.
        expect((action.output as TSchema)["type"], `${action.id} output must be an object schema`).toBe("object");
      }
    });

    it("types each action's settings with fields the connector declares", () => {
      const known = Object.keys(connector.settingsSchema.properties);
      for (const item of [...connector.actions, ...connector.triggers]) {
        const extra = Object.keys(item.settings ?? {}).filter((key) => !known.includes(key));
        expect(extra, `${item.id} types settings the connector does not declare`).toEqual([]);
      }
    });

    it("never shows a secret setting back", () => {
      const settings = options.settings("http://127.0.0.1:9");
      const redacted = JSON.stringify(redactSecrets(connector.settingsSchema, settings));
      for (const [key, schema] of Object.entries(connector.settingsSchema.properties as Record<string, TSchema>)) {
        if (schema["writeOnly"] !== true) continue;
        const value = settings[key];
        if (typeof value === "string") expect(redacted, `secret setting ${key}`).not.toContain(value);
        if (typeof value === "string") expect(redacted).toContain(REDACTED);
      }
    });

    for (const action of connector.actions) {
      describe(`action ${action.id}`, () => {
        const cases = fixtures.actions[action.id] ?? [];
        it("has fixtures that fit its schemas", () => {
          expect(cases.length, `add at least one fixture under fixtures/actions/${action.id}/`).toBeGreaterThan(0);
          for (const fixture of cases) {
            const inputProblems = checkAgainst(action.input, structuredClone(fixture.input), "input");
            expect(describeProblems(inputProblems), `${fixture.name} input`).toBe("");
            if (fixture.output !== undefined) expect(describeProblems(checkAgainst(action.output, structuredClone(fixture.output), "output")), `${fixture.name} output`).toBe("");
            expect(fixture.output !== undefined || fixture.error !== undefined, `${fixture.name} states neither output nor error`).toBe(true);
          }
        });
        for (const fixture of cases) {
          it(`runs ${fixture.name}`, async () => {
            const server = await startScriptedServer(fixture.responses ?? [{ status: 200, body: {} }]);
            try {
              const installed = installConnector(connector, { settings: options.settings(server.url), store: createMemoryStore(), sleep: async () => {}, random: () => 0 });
              const idempotencyKey = `contract:${fixture.name}`;
              const outcome = await installed.invoke({ connector: connector.id, action: action.id, input: fixture.input, idempotencyKey, attempt: 1, timeoutMs: 10_000 });
              if (fixture.error) {
                expect(outcome.ok, `${fixture.name} should fail`).toBe(false);
                if (!outcome.ok) expect({ code: outcome.error.code, retryable: outcome.retryable }).toEqual(fixture.error);
              } else {
                expect(outcome).toEqual({ ok: true, output: fixture.output });
              }
              if (connector.idempotencyHeader !== null && server.requests.length > 0) {
                const header = (connector.idempotencyHeader ?? "Idempotency-Key").toLowerCase();
                for (const request of server.requests) expect(request.headers[header], `${request.method} ${request.path} carries the idempotency key`).toBe(idempotencyKey);
              }
            } finally {
              await server.close();
            }
          });
        }
      });
    }

    for (const trigger of connector.triggers.filter((t): t is WebhookTriggerDefinition<any> => t.kind === "webhook")) {
      describe(`webhook ${trigger.id}`, () => {
        const cases = fixtures.webhooks[trigger.id] ?? [];
        const install = () => installConnector(connector, { settings: options.settings("http://127.0.0.1:9"), store: createMemoryStore() });
        const signed = (body: string, extra: Record<string, string> = {}) => {
          const settings = options.settings("http://127.0.0.1:9");
          const context = { settings, store: createMemoryStore(), clock: () => new Date() };
          if (trigger.signBody) {
            const delivery = trigger.signBody(body, context);
            return { body: delivery.body, headers: { "content-type": "application/json", ...extra, ...lower(delivery.headers ?? {}) } };
          }
          expect(trigger.sign, `declare ${trigger.id}.sign (or signBody: how the platform signs) so its signature check can be tested`).toBeTypeOf("function");
          return { body, headers: { "content-type": "application/json", ...extra, ...lower(trigger.sign!(body, context)) } };
        };

        it("has fixtures", () => {
          expect(cases.length, `add at least one fixture under fixtures/webhooks/${trigger.id}/`).toBeGreaterThan(0);
        });
        for (const fixture of cases) {
          it(`reads ${fixture.name}, and refuses it tampered with or unsigned`, () => {
            const source = install().webhooks[trigger.id]!;
            const body = typeof fixture.body === "string" ? fixture.body : JSON.stringify(fixture.body);
            const event = source.read(signed(body, fixture.headers));
            expect(event.kind).toBe(fixture.expect.kind);
            if (fixture.expect.dedupeKey !== undefined) expect(event.dedupeKey).toBe(fixture.expect.dedupeKey);
            const content = event.kind === "order" ? { ...event.order.data, raw: event.order.raw } : event;
            if (fixture.expect.fields) expect(content).toMatchObject(fixture.expect.fields);

            const request = signed(body, fixture.headers);
            expect(rejection(() => source.read({ ...request, body: `${request.body} ` }))).toBe(401);
            expect(rejection(() => source.read({ body, headers: { "content-type": "application/json" } }))).toBe(401);
          });
        }
      });
    }
  });
}

function rejection(read: () => unknown): number | "accepted" | "other error" {
  try {
    read();
    return "accepted";
  } catch (error) {
    return error instanceof WebhookRejection ? error.status : "other error";
  }
}

function lower(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}

/** Props without a bilingual label: each must come from a `Prop.*` builder. */
function unlabelled(schema: TSchema, where: string): string[] {
  const properties = (schema["properties"] ?? {}) as Record<string, TSchema>;
  return Object.entries(properties).flatMap(([key, prop]) => {
    const title = prop["x-title"] as { zh?: string; en?: string } | undefined;
    const own = title?.zh?.trim() && title.en?.trim() ? [] : [`${where}.${key}: needs a zh and en label (declare it with Prop.*)`];
    return [...own, ...unlabelled(prop, `${where}.${key}`)];
  });
}
