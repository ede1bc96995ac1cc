import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createLeanHttpClient, prepareRequest, type LeanHttpClient } from "./lean-http-client";

const servers: http.Server[] = [];
const clients: LeanHttpClient[] = [];
afterEach(async () => {
  clients.splice(0).forEach((client) => client.close());
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

/** A server answering each request by its path: /chunked in two chunks, /slow never, /status/N with status N; counts its connections. */
async function serve() {
  const seen = { connections: 0, bodies: [] as string[] };
  const server = http.createServer((request, response) => {
    let body = "";
    request.setEncoding("utf8").on("data", (chunk) => (body += chunk));
    request.on("end", () => {
      seen.bodies.push(body);
      if (request.url === "/slow") return;
      if (request.url === "/chunked") {
        response.write("first part, ");
        response.end("second part");
        return;
      }
      const status = /^\/status\/(\d+)$/.exec(request.url ?? "");
      response.statusCode = status ? Number(status[1]) : 200;
      response.end(JSON.stringify({ received: body.length }));
    });
  });
  server.on("connection", () => seen.connections++);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  const client = createLeanHttpClient(url, 1_000);
  clients.push(client);
  const post = (path: string, body = '{"buyer":"张三"}') => client.send(prepareRequest("POST", path, { host: url.host, "content-type": "application/json" }, body));
  return { seen, post, server };
}

describe("the bench's lean HTTP client", () => {
  it("sends the body whole and reads each answer's status, by its length or its chunks, reusing its connections", async () => {
    const { seen, post } = await serve();
    expect(await Promise.all([post("/orders"), post("/chunked"), post("/status/401"), post("/status/204")])).toEqual([200, 200, 401, 204]);
    expect(seen.bodies[0]).toBe('{"buyer":"张三"}');
    for (let round = 0; round < 5; round++) expect(await post("/chunked")).toBe(200);
    expect(seen.connections).toBe(4);
  });

  it("sends a request again on a new connection when the server closed the idle one it took", async () => {
    const { seen, post, server } = await serve();
    expect(await post("/orders")).toBe(200);
    server.closeIdleConnections(); // as its keep-alive timeout does
    expect(await post("/orders")).toBe(200);
    server.closeIdleConnections();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await post("/orders")).toBe(200);
    expect(seen.connections).toBe(3);
    expect(seen.bodies).toHaveLength(3);
  });

  it("gives up on an answer that does not come in time", async () => {
    const { post } = await serve();
    await expect(post("/slow")).rejects.toThrow("no answer within 1 s");
  });
});
