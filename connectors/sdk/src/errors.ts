/**
 * The one error a connector throws on purpose. The host turns it into the
 * worker's outcome: `retryable` says whether trying again can help (a 503,
 * a timeout) or not (bad input, a refused order), and `retryAfterMs` is the
 * far side's own "come back later", which the worker honours.
 */
export interface ConnectorErrorOptions {
  /** A short machine-readable code, e.g. `http_503`, `timeout`, `invalid_input`. */
  code: string;
  retryable: boolean;
  retryAfterMs?: number;
  /** The HTTP status, when the error is an answer from the far side. */
  status?: number;
  cause?: unknown;
}

export class ConnectorError extends Error {
  readonly code: string;
  readonly retryable: boolean;
  readonly retryAfterMs: number | undefined;
  readonly status: number | undefined;

  constructor(message: string, options: ConnectorErrorOptions) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "ConnectorError";
    this.code = options.code;
    this.retryable = options.retryable;
    this.retryAfterMs = options.retryAfterMs;
    this.status = options.status;
  }
}

/** A refusal no retry can cure: bad input, a rejected order, a missing permission. */
export function permanentError(code: string, message: string): ConnectorError {
  return new ConnectorError(message, { code, retryable: false });
}

/** A failure that may pass: the far side is busy or down. */
export function transientError(code: string, message: string, retryAfterMs?: number): ConnectorError {
  return new ConnectorError(message, { code, retryable: true, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) });
}
