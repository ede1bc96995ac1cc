/**
 * The HTTP API as a Hono app, built from its dependencies. Nothing here
 * reads the environment or listens on a port: `main.ts` does, and tests call
 * `app.request()` on the real app.
 *
 * @example
 * const execution = { db, flows: createFlowVersions(), clock: () => new Date() };
 * const app = createApp({ execution, secureCookies: false });
 * const res = await app.request("/auth/me"); // 401
 */
import { randomUUID } from "node:crypto";
import { Hono } from "hono";
import { secureHeaders } from "hono/secure-headers";
import type { RouterRoute } from "hono/types";
import pkg from "../../package.json" with { type: "json" };
import { resolveDeps, type AppDeps, type Env } from "./env";
import { errorBody, handleError, notFound } from "./errors";
import { requestMetrics } from "./request-metrics";
import { operationRoutes } from "./routes/operations";
import { webhookRoutes } from "./routes/webhooks";
import { alertRoutes } from "./routes/alerts";
import { apiTokenRoutes } from "./routes/api-tokens";
import { authRoutes } from "./routes/auth";
import { connectorRoutes } from "./routes/connectors";
import { designerRoutes } from "./routes/designer";
import { docRoutes } from "./routes/docs";
import { fileRoutes } from "./routes/files";
import { flowRoutes } from "./routes/flows";
import { exceptionRoutes } from "./routes/exceptions";
import { eventRoutes } from "./routes/events";
import { instanceRoutes } from "./routes/instances";
import { inventoryRoutes } from "./routes/inventory";
import { orderRoutes } from "./routes/orders";
import { setupRoutes } from "./routes/setup";
import { taskRoutes } from "./routes/tasks";
import { userRoutes } from "./routes/users";

export function createApp(appDeps: AppDeps) {
  const deps = resolveDeps(appDeps);
  let routes: () => readonly RouterRoute[] = () => [];
  const app = new Hono<Env>()
    .use(async (c, next) => {
      const requestId = randomUUID();
      c.set("deps", deps);
      c.set("requestId", requestId);
      c.header("x-request-id", requestId);
      await next();
    })
    .use(requestMetrics(deps.metrics))
    .use(secureHeaders())
    .route("/", authRoutes)
    .route("/", setupRoutes)
    .route("/", userRoutes)
    .route("/", apiTokenRoutes)
    .route("/", flowRoutes)
    .route("/", instanceRoutes)
    .route("/", taskRoutes)
    .route("/", orderRoutes)
    .route("/", exceptionRoutes)
    .route("/", eventRoutes)
    .route("/", fileRoutes)
    .route("/", alertRoutes)
    .route("/", inventoryRoutes)
    .route("/", connectorRoutes)
    .route("/", webhookRoutes)
    .route("/", operationRoutes)
    .route("/", designerRoutes)
    .route("/", docRoutes(() => routes(), pkg.version));
  routes = () => app.routes;
  app.onError(handleError);
  app.notFound((c) => c.json(errorBody(notFound(`No route ${c.req.method} ${c.req.path}: see /reference for the routes there are`), c.var.requestId), 404));
  return app;
}

/** The app's type, for a typed client: `hc<App>(baseUrl)` from hono/client. */
export type App = ReturnType<typeof createApp>;
