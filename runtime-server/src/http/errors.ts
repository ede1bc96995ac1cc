/**
 * Errors as clients see them: JSON `{ error: { code, message, field?, problems? } }`
 * with the status that fits. Anything unexpected becomes a 500 that names
 * only the request id; its details go to the error report, never to the client.
 */
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { EventRejectedError, FlowValidationError } from "@orderflow/engine";
import { LoginTakenError } from "../auth/users";
import { InstanceNotFoundError } from "../execution/apply-step";
import { UnknownFlowError } from "../execution/flow-versions";
import type { Env } from "./env";
import type { ErrorBody } from "./schemas/common";

type Detail = Omit<ErrorBody["error"], "code" | "message" | "requestId">;

export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly detail: Detail = {},
  ) {
    super(message);
    this.name = "ApiError";
  }
}

export const notFound = (message: string) => new ApiError(404, "not_found", message);
export const conflict = (code: string, message: string) => new ApiError(409, code, message);

/** A body that does not fit: every problem, the first one's field on top. */
export function invalidRequest(where: "body" | "query" | "path" | "header", problems: { field: string; message: string }[], code = "invalid_request"): ApiError {
  const [first] = problems;
  const message = first
    ? `${describe(where, first.field)}: ${first.message}${problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? "s" : ""})` : ""}`
    : "The request is not valid";
  return new ApiError(400, code, message, { field: first?.field, in: where, problems });
}

function describe(where: string, field: string): string {
  if (where === "body") return field === "" ? "The body" : field;
  return `${where === "path" ? "Path parameter" : where === "query" ? "Query parameter" : "Header"} "${field}"`;
}

export function errorBody(error: ApiError, requestId: string): ErrorBody {
  return { error: { code: error.code, message: error.message, ...error.detail, requestId } };
}

/** The app's onError: known errors to their status, the rest to a 500 that is reported. */
export function handleError(error: Error, c: Context<Env>): Response {
  const requestId = c.var.requestId;
  const known = asApiError(error);
  if (known) return c.json(errorBody(known, requestId), known.status);
  c.var.deps.reportError({ requestId, method: c.req.method, path: c.req.path, error });
  const internal = new ApiError(500, "internal", `Something went wrong on the server. It was logged under request id ${requestId}; quote it when you report the problem.`);
  return c.json(errorBody(internal, requestId), 500);
}

function asApiError(error: Error): ApiError | undefined {
  if (error instanceof ApiError) return error;
  if (error instanceof HTTPException) {
    const status = error.status as ContentfulStatusCode;
    const code = status === 413 ? "payload_too_large" : status === 401 ? "unauthorized" : status >= 500 ? "internal" : "invalid_request";
    return status >= 500 ? undefined : new ApiError(status, code, error.message || "The request could not be handled");
  }
  if (error instanceof InstanceNotFoundError) return notFound(error.message);
  if (error instanceof LoginTakenError) return new ApiError(409, "login_taken", error.message, { in: "body", field: "/login" });
  if (error instanceof UnknownFlowError) {
    return error.version === undefined ? conflict("not_published", error.message) : notFound(error.message);
  }
  if (error instanceof EventRejectedError) {
    const problems = error.problems.length > 0 ? error.problems.map((p) => ({ field: p.path, message: p.message })) : [{ field: `/${error.field}`, message: error.message }];
    return new ApiError(400, "invalid_event", error.message, { field: problems[0]!.field, in: "body", problems });
  }
  if (error instanceof FlowValidationError) {
    return new ApiError(422, "invalid_flow", "The flow is not valid: fix the problems listed, then try again", { problems: error.problems });
  }
  return undefined;
}
