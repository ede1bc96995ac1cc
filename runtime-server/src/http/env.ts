/**
 * What every handler can reach through `c.var`: the app's dependencies (set
 * once by createApp), who the request acts for (set by `endpoint`) and the
 * request's id (quoted in error answers and logs).
 */
import type { Kysely } from "kysely";
import type { FlowRegistries } from "@orderflow/engine/definition";
import type { Principal } from "../auth/principal";
import type { Execution } from "../execution/apply-step";
import type { InstallationService } from "../installations/installation-service";
import type { WebhookSource } from "../intake/receive-webhook";
import type { DesignerFiles } from "./designer-files";
import { createLocalLiveUpdates, type LiveUpdates } from "../live/live-updates";
import { createMetrics, type Metrics } from "../observability/metrics";
import type { Database } from "../storage/schema";

export interface Limits {
  /** Largest JSON request body, in bytes. */
  jsonBytes: number;
  /** Largest uploaded file (POST /files), in bytes. */
  fileBytes: number;
}

export const DEFAULT_LIMITS: Limits = { jsonBytes: 1024 * 1024, fileBytes: 10 * 1024 * 1024 };

export interface InternalErrorReport {
  requestId: string;
  method: string;
  path: string;
  error: unknown;
}

export interface AppDeps {
  /** The database, the compiled flow versions and the clock, shared with the workers. */
  execution: Execution;
  /** The connectors and actions a published flow may name; publishing checks them. Omitted: names are not checked. */
  registries?: FlowRegistries;
  limits?: Partial<Limits>;
  /** Mark the session cookie Secure (the server is reached over HTTPS). Default true; tests and plain-HTTP development pass false. */
  secureCookies?: boolean;
  /** The one-time code of `firstAdminSetup`, while no admin exists. */
  setupCode?: string;
  /** Where unexpected errors go; the client only gets the request id. Default: one JSON line on stderr. */
  reportError?: (report: InternalErrorReport) => void;
  /** The platforms that may post to /webhooks/:source, by source id; each checks its own signature. A function is asked at every request (installations change while the server runs). */
  webhookSources?: Readonly<Record<string, WebhookSource>> | (() => Readonly<Record<string, WebhookSource>>);
  /** The connector installations staff manage at /connector-installations. Omitted: those routes answer 404. */
  installations?: InstallationService;
  /** Series served at /metrics; the app adds its request counts. Default: a registry of its own. */
  metrics?: Metrics;
  /** Where GET /events hears of changes; wire `execution.afterCommit` to the same (see `publishSteps`). Default: an in-process bus. */
  live?: LiveUpdates;
  /** How often an idle event stream sends a comment, so proxies keep it open. Default 15 s. */
  heartbeatMs?: number;
  /** The designer's built pages, served at / and /assets/*. Omitted: / answers a page saying how to build them. */
  designer?: DesignerFiles;
}

/** AppDeps with every default filled in. */
export interface Deps {
  db: Kysely<Database>;
  execution: Execution;
  clock: () => Date;
  registries: FlowRegistries | undefined;
  limits: Limits;
  secureCookies: boolean;
  setupCode: string | undefined;
  reportError: (report: InternalErrorReport) => void;
  webhookSources: () => Readonly<Record<string, WebhookSource>>;
  installations: InstallationService | undefined;
  metrics: Metrics;
  live: LiveUpdates;
  heartbeatMs: number;
  designer: DesignerFiles | undefined;
}

export type Env = {
  Variables: {
    deps: Deps;
    /** Set by `endpoint` on every route that is not public. */
    principal: Principal;
    requestId: string;
  };
};

export function resolveDeps(deps: AppDeps): Deps {
  return {
    db: deps.execution.db,
    execution: deps.execution,
    clock: deps.execution.clock,
    registries: deps.registries,
    limits: { ...DEFAULT_LIMITS, ...deps.limits },
    secureCookies: deps.secureCookies ?? true,
    setupCode: deps.setupCode,
    reportError: deps.reportError ?? reportToStderr,
    webhookSources: typeof deps.webhookSources === "function" ? deps.webhookSources : constant(deps.webhookSources ?? {}),
    installations: deps.installations,
    metrics: deps.metrics ?? createMetrics(),
    live: deps.live ?? createLocalLiveUpdates(),
    heartbeatMs: deps.heartbeatMs ?? 15_000,
    designer: deps.designer,
  };
}

function constant<T>(value: T): () => T {
  return () => value;
}

function reportToStderr({ requestId, method, path, error }: InternalErrorReport): void {
  const detail = error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : { value: String(error) };
  process.stderr.write(`${JSON.stringify({ level: "error", msg: "request failed", requestId, method, path, error: detail })}\n`);
}
