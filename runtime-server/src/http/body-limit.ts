/**
 * Refuses bodies over a size. A request that states its length is judged
 * by that header alone, without touching the body: on Node, reaching for
 * the body stream makes the adapter build a whole web Request (a
 * ReadableStream, an AbortController) for every request, which was a fifth
 * of the server's time per webhook. A body sent in chunks, without a
 * length, is counted as it is read (hono's bodyLimit).
 *
 * @example
 * app.post("/webhooks/:source", limitBody(8 * 1024 * 1024, () => { throw new ApiError(413, …) }), handler);
 */
import type { Context, MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";

export function limitBody(maxSize: number, onError: (c: Context) => Response | Promise<Response>): MiddlewareHandler {
  const counting = bodyLimit({ maxSize, onError });
  return async (c, next) => {
    const length = c.req.header("content-length");
    if (length === undefined || c.req.header("transfer-encoding") !== undefined) return counting(c, next);
    return Number(length) > maxSize ? onError(c) : next();
  };
}
