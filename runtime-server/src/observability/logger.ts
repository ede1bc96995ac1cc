/**
 * Structured logs: one JSON object per line (time, level, message, fields),
 * for a log collector to index. Errors are logged with their message and
 * stack here, never sent to clients.
 *
 * @example
 * const log = createLogger({ level: "info" });
 * log.info("instance started", { instanceId, flowId });
 */

export type LogLevel = "debug" | "info" | "warn" | "error";
const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  /** A logger that adds these fields to every line (e.g. the worker's name). */
  child(fields: Record<string, unknown>): Logger;
}

export interface LoggerOptions {
  level?: LogLevel;
  write?: (line: string) => void;
  clock?: () => Date;
}

export function createLogger(options: LoggerOptions = {}, bound: Record<string, unknown> = {}): Logger {
  const threshold = RANK[options.level ?? "info"];
  const write = options.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  const clock = options.clock ?? (() => new Date());
  const at = (level: LogLevel) => (message: string, fields?: Record<string, unknown>) => {
    if (RANK[level] < threshold) return;
    write(JSON.stringify({ time: clock().toISOString(), level, message, ...bound, ...plain(fields) }));
  };
  return {
    debug: at("debug"),
    info: at("info"),
    warn: at("warn"),
    error: at("error"),
    child: (fields) => createLogger(options, { ...bound, ...fields }),
  };
}

/** Errors become their name, message and stack, which JSON.stringify would drop. */
function plain(fields: Record<string, unknown> | undefined): Record<string, unknown> {
  if (!fields) return {};
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    out[key] = value instanceof Error ? { name: value.name, message: value.message, stack: value.stack } : value;
  }
  return out;
}
