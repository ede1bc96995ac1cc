/**
 * A real HTTP server on 127.0.0.1 for tests: connectors are tested against
 * something that speaks HTTP (timeouts, headers, status lines), not a fetch
 * stub. Every request is recorded.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface RecordedRequest {
  method: string;
  /** The path and query as sent, e.g. `/orders?page=2`. */
  target: string;
  /** The path without the query. */
  path: string;
  query: Record<string, string>;
  /** Names in lower case. */
  headers: Record<string, string>;
  body: string;
}

export interface LocalServer {
  /** e.g. http://127.0.0.1:40123 */
  url: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

export type LocalHandler = (request: RecordedRequest, response: ServerResponse) => void | Promise<void>;

/** `port`: where to listen (a process others must find at a known address); a free port by default. */
export async function startLocalServer(handler: LocalHandler, { port = 0 }: { port?: number } = {}): Promise<LocalServer> {
  const requests: RecordedRequest[] = [];
  const server = createServer((incoming, response) => {
    void read(incoming).then(async (body) => {
      const url = new URL(incoming.url ?? "/", "http://localhost");
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(incoming.headers)) if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(", ") : value;
      const recorded: RecordedRequest = { method: incoming.method ?? "GET", target: incoming.url ?? "/", path: url.pathname, query: Object.fromEntries(url.searchParams), headers, body };
      requests.push(recorded);
      try {
        await handler(recorded, response);
      } catch (error) {
        if (!response.headersSent) response.writeHead(500, { "content-type": "text/plain" });
        response.end(`test server handler failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", resolve);
  });
  const listening = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${listening}`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

function read(incoming: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
    incoming.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    incoming.on("error", reject);
  });
}

export interface ScriptedResponse {
  status: number;
  headers?: Record<string, string>;
  /** JSON unless a string. */
  body?: unknown;
}

/** Sends `json` with a status, as a far side answers. */
export function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  response.writeHead(status, { "content-type": typeof body === "string" ? "text/plain; charset=utf-8" : "application/json", ...headers });
  response.end(text);
}

/** A server that answers with `responses` in turn (the last one again when they run out). */
export function startScriptedServer(responses: readonly ScriptedResponse[]): Promise<LocalServer> {
  let next = 0;
  return startLocalServer((_request, response) => {
    const scripted = responses[Math.min(next++, responses.length - 1)];
    if (!scripted) return sendJson(response, 404, { error: "the fixture scripted no response for this request" });
    sendJson(response, scripted.status, scripted.body ?? "", scripted.headers);
  });
}
