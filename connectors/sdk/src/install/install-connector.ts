/**
 * The one adapter between a connector declaration and a host. The runtime
 * server installs any SDK connector with it and gets back what it calls:
 * `invoke` / `notify` (its `InstalledConnector`), a `WebhookSource` per
 * webhook trigger and a `Poller` per polling trigger. The SDK never imports
 * the server: the shapes are in host-contract.ts.
 *
 * @example
 * const installed = installConnector(webhookShop, {
 *   settings: openSecrets(webhookShop.settingsSchema, stored, box, "webhook_shop"),
 *   store: storeFor("webhook_shop"),
 *   webhookRejected: (status, message) => new WebhookRejected(status, message),
 * });
 * createConnectorRuntime({ webhook_shop: installed });
 */
import type { TObject } from "@sinclair/typebox";
import type { Authorizer } from "../http/http-client";
import { createHttpClient, type HttpClient } from "../http/http-client";
import { createRateBudgets, defaultSleep, type RateBudgets } from "../http/rate-budget";
import type { ActionDefinition } from "../definition/action";
import type { ConnectorDefinition, Notification } from "../definition/connector";
import { WebhookRejection, type PollingTriggerDefinition, type TriggerEvent, type WebhookRequest, type WebhookTriggerDefinition } from "../definition/triggers";
import { ConnectorError } from "../errors";
import type { ConnectorStore } from "../store";
import { createPoller, type Poller } from "../triggers/poller";
import { checkAgainst, describeProblems } from "../validation/schema-validator";
import type { ConnectorCall, ConnectorOutcome, HostEvent, HostInstalledConnector, HostWebhookContent, HostWebhookSource } from "./host-contract";
import { toHostEvent } from "./to-host-event";

export interface InstallOptions {
  /** Settings and credentials in plain text (opened with `openSecrets` when stored sealed). */
  settings: Record<string, unknown>;
  /** This installation's own store. */
  store: ConnectorStore;
  /** Names this installation (and its webhook source); the connector's id by default. */
  installationId?: string;
  /** Budgets shared with other installations of the same quota; by default one per connector declaration. */
  rateBudgets?: RateBudgets;
  /** Turns a refusal into the host's own error type (the server's `WebhookRejected`). */
  webhookRejected?: (status: 400 | 401 | 422, message: string) => Error;
  clock?: () => Date;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  /** The longest a connector's own HTTP retries may wait in-process before handing the wait to the worker; 2 s by default. */
  maxWaitMs?: number;
}

export interface InstalledSdkConnector extends HostInstalledConnector {
  readonly id: string;
  readonly definition: ConnectorDefinition<any>;
  readonly webhooks: Readonly<Record<string, HostWebhookSource>>;
  readonly pollers: Readonly<Record<string, Poller>>;
}

/** Thrown by installConnector when the settings do not fit the connector; names every field at fault. */
export class ConnectorSettingsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConnectorSettingsError";
  }
}

const sharedBudgets = new WeakMap<ConnectorDefinition<any>, RateBudgets>();

export function installConnector(definition: ConnectorDefinition<any>, options: InstallOptions): InstalledSdkConnector {
  const settings = structuredClone(options.settings);
  const problems = checkAgainst(definition.settingsSchema, settings, "settings");
  if (problems.length > 0) throw new ConnectorSettingsError(`The settings of ${definition.id} are not right: ${describeProblems(problems)}`);

  const clock = options.clock ?? (() => new Date());
  const fetchFn = options.fetch ?? globalThis.fetch;
  const sleep = options.sleep ?? defaultSleep;
  const installationId = options.installationId ?? definition.id;
  const { store } = options;
  const authorizer: Authorizer = definition.auth.createAuthorizer({ credentials: pick(settings, Object.keys(definition.auth.props)), store, clock, fetch: fetchFn });
  const budgets = options.rateBudgets ?? budgetsFor(definition, clock, sleep);
  const shop = settings[definition.shopSetting];
  const rateLimit = budgets ? { budgets, key: `${definition.id}:${typeof shop === "string" ? shop : installationId}` } : undefined;

  const httpFor = (idempotencyKey: string | undefined, signal: AbortSignal | undefined, timeoutMs: number): HttpClient => {
    const client = createHttpClient({
      ...(definition.baseUrl ? { baseUrl: definition.baseUrl(settings) } : {}),
      timeoutMs,
      maxWaitMs: options.maxWaitMs ?? 2_000,
      authorizer,
      fetch: fetchFn,
      sleep,
      clock,
      ...(options.random ? { random: options.random } : {}),
      ...(rateLimit ? { rateLimit } : {}),
      ...(idempotencyKey === undefined ? {} : { idempotencyKey }),
      ...(definition.idempotencyHeader === undefined ? {} : { idempotencyHeader: definition.idempotencyHeader }),
    });
    return signal ? { request: (request) => client.request({ signal, ...request }) } : client;
  };

  const failure = (error: unknown, where: string): ConnectorOutcome => {
    if (error instanceof ConnectorError) {
      return { ok: false, error: { code: error.code, message: error.message }, retryable: error.retryable, ...(error.retryAfterMs === undefined ? {} : { retryAfterMs: error.retryAfterMs }) };
    }
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, error: { code: "connector_failed", message: `${where} failed unexpectedly: ${message}` }, retryable: false };
  };

  const invoke = async (call: ConnectorCall): Promise<ConnectorOutcome> => {
    const action = definition.actions.find((a) => a.id === call.action) as ActionDefinition<any, any, any> | undefined;
    const where = `${definition.id}.${call.action}`;
    if (!action) {
      return { ok: false, error: { code: "unknown_action", message: `${definition.id} has no action "${call.action}": use one of ${definition.actions.map((a) => a.id).join(", ") || "(none)"}` }, retryable: false };
    }
    const input = structuredClone(call.input);
    const inputProblems = checkAgainst(action.input, input, "input");
    if (inputProblems.length > 0) {
      return { ok: false, error: { code: "invalid_input", message: `${where}: ${describeProblems(inputProblems)}; fix the step's input mapping` }, retryable: false };
    }
    const signal = AbortSignal.timeout(call.timeoutMs);
    try {
      const output = await action.run({
        input,
        settings,
        http: httpFor(call.idempotencyKey, signal, Math.min(10_000, call.timeoutMs)),
        idempotencyKey: call.idempotencyKey,
        attempt: call.attempt,
        signal,
        store,
        clock,
      });
      const outputProblems = checkAgainst(action.output as TObject, output, "output");
      if (outputProblems.length > 0) {
        return { ok: false, error: { code: "invalid_output", message: `${where} returned an output its schema does not allow (a connector bug): ${describeProblems(outputProblems)}` }, retryable: false };
      }
      return { ok: true, output };
    } catch (error) {
      return failure(error, where);
    }
  };

  const notifyWith = definition.notify;
  const notify = notifyWith
    ? async (notification: Notification, idempotencyKey: string): Promise<ConnectorOutcome> => {
        const signal = AbortSignal.timeout(30_000);
        try {
          await notifyWith({ settings, http: httpFor(idempotencyKey, signal, 10_000), idempotencyKey, store, clock, signal }, notification);
          return { ok: true, output: null };
        } catch (error) {
          return failure(error, `${definition.id} notification`);
        }
      }
    : undefined;

  const triggerContext = { settings, store, clock };
  const hostEvent = (event: TriggerEvent, where: string): HostEvent => {
    const result = toHostEvent(event, definition.id);
    if (!result.ok) throw new WebhookRejection(422, `${where}${result.reason}`);
    return result.event;
  };
  const webhookTriggers = definition.triggers.filter((t): t is WebhookTriggerDefinition<any> => t.kind === "webhook");
  const reject = (status: 400 | 401 | 422, message: string): Error => (options.webhookRejected ? options.webhookRejected(status, message) : new WebhookRejection(status, message));
  const webhooks = Object.fromEntries(
    webhookTriggers.map((trigger) => {
      const source: HostWebhookSource = {
        id: webhookTriggers.length === 1 ? installationId : `${installationId}_${trigger.id}`,
        read(request: WebhookRequest): HostWebhookContent {
          try {
            trigger.verify(request, triggerContext);
            const parsed = trigger.parse(request, triggerContext);
            if (!Array.isArray(parsed)) return hostEvent(parsed, "");
            if (parsed.length === 0) throw new WebhookRejection(422, `${definition.id}.${trigger.id} read no event from the request: return an "ignored" event for a delivery that carries nothing to act on`);
            const events = parsed.map((event, index) => hostEvent(event, `event [${index}] of the batch: `));
            return events.length === 1 ? events[0]! : { kind: "batch", dedupeKey: null, events };
          } catch (error) {
            if (error instanceof WebhookRejection) throw reject(error.status, error.message);
            throw reject(400, `${definition.id} could not read the request: ${error instanceof Error ? error.message : String(error)}`);
          }
        },
      };
      return [trigger.id, source];
    }),
  );

  const pollers = Object.fromEntries(
    definition.triggers
      .filter((t): t is PollingTriggerDefinition<any, any> => t.kind === "polling" && (t.runsWhen?.(settings) ?? true))
      .map((trigger) => [trigger.id, createPoller(trigger, { ...triggerContext, http: httpFor(undefined, undefined, 10_000) }, definition.id)]),
  );

  return Object.freeze({ id: installationId, definition, invoke, ...(notify ? { notify } : {}), webhooks: Object.freeze(webhooks), pollers: Object.freeze(pollers) });
}

function budgetsFor(definition: ConnectorDefinition<any>, clock: () => Date, sleep: (ms: number) => Promise<void>): RateBudgets | undefined {
  if (!definition.rateLimit) return undefined;
  let budgets = sharedBudgets.get(definition);
  if (!budgets) {
    budgets = createRateBudgets({ ...definition.rateLimit, clock, sleep });
    sharedBudgets.set(definition, budgets);
  }
  return budgets;
}

function pick(value: Record<string, unknown>, keys: string[]): any {
  return Object.fromEntries(keys.filter((k) => k in value).map((k) => [k, value[k]]));
}
