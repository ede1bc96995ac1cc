/**
 * `npm start`: the runtime server, configured from the environment — the
 * only file that reads it.
 *
 *   DATABASE_URL          PostgreSQL (postgres://…); without it, the embedded database
 *   DATABASE_PREPARED_STATEMENTS  "false" behind a pooler that cannot keep them (PgBouncer before 1.21 in transaction mode)
 *   ORDERFLOW_DATA_DIR    where the embedded database keeps its files (default .orderflow/data)
 *   PORT, HOST            where to listen (default 3000 on 127.0.0.1)
 *   ORDERFLOW_SECRET_KEY  seals connector secrets (32 random bytes, base64: openssl rand -base64 32); without it the
 *                         embedded database keeps a key in ORDERFLOW_DATA_DIR/orderflow-secret.key. Losing it loses the secrets.
 *   ORDERFLOW_DEMO        "false" to start without the demo flow and order (default: load them into an empty database)
 *   ORDERFLOW_SECURE_COOKIES  "true" behind HTTPS
 *   LOG_LEVEL             debug, info (default), warn, error
 */
import { createLogger, type LogLevel } from "./observability/logger";
import { startServer } from "./server";

const env = process.env;
const log = createLogger({ level: (env.LOG_LEVEL as LogLevel | undefined) ?? "info" });
const port = Number(env.PORT ?? 3000);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  log.error(`PORT is ${JSON.stringify(env.PORT)}: give a port number from 0 to 65535`);
  process.exit(2);
}

const prepared = env.DATABASE_PREPARED_STATEMENTS ?? "true";
if (prepared !== "true" && prepared !== "false") {
  log.error(`DATABASE_PREPARED_STATEMENTS is ${JSON.stringify(prepared)}: give true (the default) or false`);
  process.exit(2);
}

const server = await startServer({
  database: env.DATABASE_URL ? { databaseUrl: env.DATABASE_URL, preparedStatements: prepared === "true" } : { dataDir: env.ORDERFLOW_DATA_DIR ?? ".orderflow/data" },
  port,
  host: env.HOST ?? "127.0.0.1",
  demo: env.ORDERFLOW_DEMO !== "false",
  ...(env.ORDERFLOW_SECRET_KEY ? { secretKey: env.ORDERFLOW_SECRET_KEY } : {}),
  secureCookies: env.ORDERFLOW_SECURE_COOKIES === "true",
  log,
});

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    server.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error("stopping failed", { error });
        process.exit(1);
      },
    );
  });
}
