/**
 * The bench's load generator: HTTP/1.1 requests prepared as bytes before a
 * phase starts, written on keep-alive sockets one at a time per socket,
 * each answer read just far enough to know its status and where it ends.
 * The load runs on the same two cores as the server it measures, so what
 * the load itself costs is taken from the server: Node's own http client,
 * signing and serialising each order as it went, spent 0.19 ms of CPU per
 * order here, a sixth of the whole machine's work per order. (A platform
 * signs its webhooks on its own machines.)
 *
 * @example
 * const client = createLeanHttpClient(new URL("http://127.0.0.1:8080"));
 * const status = await client.send(prepareRequest("POST", "/webhooks/shop", { "content-type": "application/json" }, body));
 * client.close();
 */
import net from "node:net";

export interface LeanHttpClient {
  /** Sends a prepared request on an idle connection (or a new one); resolves with the answer's status once it is read whole. */
  send(request: Buffer): Promise<number>;
  /** Closes every connection; requests still waiting fail. */
  close(): void;
}

/** A request as the bytes that go on the wire. */
export function prepareRequest(method: string, path: string, headers: Record<string, string>, body: string): Buffer {
  const content = Buffer.from(body);
  const lines = [`${method} ${path} HTTP/1.1`, ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`), `content-length: ${content.length}`];
  return Buffer.concat([Buffer.from(`${lines.join("\r\n")}\r\n\r\n`), content]);
}

const HEAD_END = Buffer.from("\r\n\r\n");

/** The server closed a kept-alive connection before it answered anything on it (its idle timeout): the request may be sent again. */
class ClosedWhileIdle extends Error {}

export function createLeanHttpClient(url: URL, timeoutMs = 60_000): LeanHttpClient {
  const idle: Connection[] = [];
  const all = new Set<Connection>();
  const idleOne = () => {
    for (let connection = idle.pop(); connection; connection = idle.pop()) if (connection.reusable) return connection;
    return undefined;
  };
  const send = async (request: Buffer): Promise<number> => {
    const reused = idleOne();
    const connection = reused ?? open(url, all);
    try {
      const status = await connection.exchange(request, timeoutMs);
      if (connection.reusable) idle.push(connection);
      return status;
    } catch (error) {
      if (!(reused && error instanceof ClosedWhileIdle)) throw error;
      return send(request);
    }
  };
  return {
    send,
    close() {
      for (const connection of all) connection.destroy();
    },
  };
}

interface Connection {
  exchange(request: Buffer, timeoutMs: number): Promise<number>;
  readonly reusable: boolean;
  destroy(): void;
}

function open(url: URL, all: Set<Connection>): Connection {
  const socket = net.connect({ host: url.hostname, port: Number(url.port), noDelay: true });
  let received = Buffer.alloc(0);
  /** Whether any of the answer to the request on the wire has arrived. */
  let answering = false;
  let waiting: { resolve: (status: number) => void; reject: (error: Error) => void; timer: NodeJS.Timeout } | undefined;
  let reusable = true;
  const fail = (error: Error) => {
    reusable = false;
    all.delete(connection);
    const pending = waiting;
    waiting = undefined;
    if (pending) clearTimeout(pending.timer), pending.reject(error);
  };
  socket.on("data", (chunk) => {
    answering = true;
    received = received.length === 0 ? chunk : Buffer.concat([received, chunk]);
    let answer: ReturnType<typeof readAnswer>;
    try {
      answer = readAnswer(received);
    } catch (error) {
      fail(error as Error);
      socket.destroy();
      return;
    }
    if (!answer || !waiting) return;
    received = received.subarray(answer.length);
    if (answer.close) (reusable = false), all.delete(connection), socket.end();
    const { resolve, timer } = waiting;
    waiting = undefined;
    answering = received.length > 0;
    clearTimeout(timer);
    resolve(answer.status);
  });
  socket.on("error", (error) => fail(answering ? error : new ClosedWhileIdle(error.message)));
  socket.on("close", () => fail(answering ? new Error("the server closed the connection amid an answer") : new ClosedWhileIdle("the server closed the connection")));
  const connection: Connection = {
    exchange(request, timeoutMs) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          fail(new Error(`no answer within ${timeoutMs / 1000} s`));
          socket.destroy();
        }, timeoutMs);
        waiting = { resolve, reject, timer };
        socket.write(request);
      });
    },
    get reusable() {
      return reusable;
    },
    destroy: () => socket.destroy(),
  };
  all.add(connection);
  return connection;
}

/** The answer at the start of `bytes` once it is all there: its status, its length in bytes, and whether the server closes after it. */
function readAnswer(bytes: Buffer): { status: number; length: number; close: boolean } | undefined {
  const headEnd = bytes.indexOf(HEAD_END);
  if (headEnd < 0) return undefined;
  const head = bytes.toString("latin1", 0, headEnd).toLowerCase();
  const status = Number(head.slice(9, 12));
  const close = /\r\nconnection: *close/.test(head);
  const bodyStart = headEnd + HEAD_END.length;
  const declared = /\r\ncontent-length: *(\d+)/.exec(head);
  if (declared) {
    const length = bodyStart + Number(declared[1]);
    return bytes.length >= length ? { status, length, close } : undefined;
  }
  if (!/\r\ntransfer-encoding: *chunked/.test(head)) {
    if (status === 204 || status === 304) return { status, length: bodyStart, close };
    throw new Error(`an answer with neither content-length nor chunked encoding: ${head.split("\r\n")[0]}`);
  }
  // Chunked: size lines in hex, each chunk followed by CRLF, ended by a chunk of size 0 and an empty line.
  let at = bodyStart;
  for (;;) {
    const lineEnd = bytes.indexOf("\r\n", at);
    if (lineEnd < 0) return undefined;
    const size = parseInt(bytes.toString("latin1", at, lineEnd), 16);
    // The server sends no trailers: the empty line follows the last chunk's size line at once.
    if (size === 0) return bytes.length >= lineEnd + 4 ? { status, length: lineEnd + 4, close } : undefined;
    at = lineEnd + 2 + size + 2;
    if (bytes.length < at) return undefined;
  }
}
