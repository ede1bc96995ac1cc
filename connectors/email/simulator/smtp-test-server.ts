/**
 * An SMTP test server on node:net (and node:tls): tests and the demo mode
 * send real e-mail to it, and it keeps every message it takes. It speaks
 * EHLO, STARTTLS (or TLS from the start), AUTH PLAIN and LOGIN, MAIL, RCPT,
 * DATA (undoing dot-stuffing), RSET, NOOP and QUIT; it refuses recipients as
 * `refuse` says, and, one fault per connection, answers a stage with a code
 * of its choosing (4xx temporary, 5xx permanent), drops or hangs there, or
 * takes a message and drops the connection before saying so.
 *
 * @example
 * const smtp = await startSmtpTestServer({ users: { orders: "pw" }, tls: TEST_TLS });
 * smtp.fault({ kind: "reply", at: "rcpt", code: 451 }, { kind: "lost_answer" });
 * smtp.delivered(); // one per Message-ID
 */
import { readFileSync } from "node:fs";
import { createServer as createPlainServer, type AddressInfo, type Server, type Socket } from "node:net";
import { createServer as createTlsServer, TLSSocket } from "node:tls";
import { parseMail, type ParsedMail } from "./mail-parser";

export type SmtpStage = "connect" | "ehlo" | "auth" | "mail" | "rcpt" | "data" | "dot";

export type SmtpFault =
  | { kind: "reply"; at: SmtpStage; code: number; text?: string }
  | { kind: "drop"; at: SmtpStage }
  | { kind: "hang"; at: SmtpStage }
  /** Takes the message, then drops the connection instead of answering 250. */
  | { kind: "lost_answer" };

export interface ReceivedMail extends ParsedMail {
  from: string;
  to: string[];
  raw: string;
  /** The user who authenticated, if any. */
  user: string | undefined;
  /** Whether the message came over TLS. */
  tls: boolean;
}

/** A self-signed certificate for localhost / 127.0.0.1 (test-only, never for a real server); trust `cert` as the CA. */
export const TEST_TLS = {
  key: readFileSync(new URL("./test-tls/key.pem", import.meta.url), "utf8"),
  cert: readFileSync(new URL("./test-tls/cert.pem", import.meta.url), "utf8"),
};

export interface SmtpTestServerOptions {
  /** User name → password; set: AUTH is required before MAIL. */
  users?: Record<string, string>;
  /** Set: STARTTLS is offered (and AUTH only after it), or, with `implicitTls`, TLS from the first byte. */
  tls?: { key: string; cert: string };
  implicitTls?: boolean;
  /** The AUTH mechanisms offered; PLAIN and LOGIN by default. */
  authMechanisms?: readonly ("PLAIN" | "LOGIN")[];
  /** A reply refusing a recipient, or null to take it. */
  refuse?: (address: string) => { code: number; text: string } | null;
}

export interface SmtpTestServer {
  host: string;
  port: number;
  /** Every message taken, repeats included. */
  messages: ReceivedMail[];
  /** One per Message-ID: what a mailbox that drops repeats shows. */
  delivered(): ReceivedMail[];
  /** Connections opened so far. */
  sessions(): number;
  /** Faults for the next connections, one each. */
  fault(...faults: SmtpFault[]): void;
  /** The connector's server settings for this test server (security, CA, the first user), for tests and the demo; the sender is the caller's. */
  settings(): Record<string, unknown>;
  close(): Promise<void>;
}

export async function startSmtpTestServer(options: SmtpTestServerOptions = {}): Promise<SmtpTestServer> {
  const messages: ReceivedMail[] = [];
  const faults: SmtpFault[] = [];
  const open = new Set<Socket>();
  const mechanisms = options.authMechanisms ?? ["PLAIN", "LOGIN"];
  let sessions = 0;

  const session = (first: Socket, startedInTls: boolean) => {
    sessions++;
    open.add(first);
    first.on("close", () => open.delete(first));
    first.on("error", () => first.destroy());
    const fault = faults.shift();
    let socket = first;
    let tls = startedInTls;
    let user: string | undefined;
    let from: string | null = null;
    let to: string[] = [];
    let data: string[] | null = null;
    let pendingAuth: ((line: string) => void) | null = null;
    let pending = Buffer.alloc(0);
    let hung = false;

    const send = (line: string) => void socket.write(`${line}\r\n`);
    /** Applies the fault meant for `stage`; true when it answered instead of the server. */
    const faulted = (stage: SmtpStage): boolean => {
      if (!fault || fault.kind === "lost_answer" || fault.at !== stage) return false;
      if (fault.kind === "reply") send(`${fault.code} ${fault.text ?? "simulated fault"}`);
      if (fault.kind === "drop") socket.destroy();
      if (fault.kind === "hang") hung = true;
      return true;
    };
    const authRequired = () => options.users !== undefined && user === undefined;
    const offerAuth = () => options.users !== undefined && (tls || !options.tls);

    const checkLogin = (name: string, password: string) => {
      if (options.users?.[name] !== undefined && options.users[name] === password) {
        user = name;
        send("235 2.7.0 Authentication successful");
      } else send("535 5.7.8 Authentication credentials invalid");
    };
    const decode = (text: string) => Buffer.from(text, "base64").toString("utf8");

    const command = (line: string) => {
      if (pendingAuth) return pendingAuth(line);
      const [verb = "", ...rest] = line.split(" ");
      const argument = rest.join(" ");
      switch (verb.toUpperCase()) {
        case "EHLO":
        case "HELO": {
          if (faulted("ehlo")) return;
          const extensions = ["8BITMIME", "SIZE 10485760", ...(options.tls && !tls ? ["STARTTLS"] : []), ...(offerAuth() ? [`AUTH ${mechanisms.join(" ")}`] : [])];
          const lines = ["orderflow-smtp-test greets you", ...extensions];
          lines.forEach((text, i) => send(`250${i === lines.length - 1 ? " " : "-"}${text}`));
          return;
        }
        case "STARTTLS": {
          if (!options.tls || tls) return send("502 5.5.1 STARTTLS not available");
          send("220 2.0.0 Ready to start TLS");
          socket.removeListener("data", onData);
          const secure = new TLSSocket(socket, { isServer: true, key: options.tls.key, cert: options.tls.cert });
          secure.on("error", () => secure.destroy());
          secure.on("data", onData);
          socket = secure;
          tls = true;
          return;
        }
        case "AUTH": {
          if (faulted("auth")) return;
          if (!offerAuth()) return send("530 5.7.0 Must issue a STARTTLS command first");
          const [mechanism = "", initial] = argument.split(" ");
          if (!mechanisms.includes(mechanism.toUpperCase() as "PLAIN")) return send("504 5.5.4 Unrecognized authentication type");
          if (mechanism.toUpperCase() === "PLAIN") {
            const finish = (encoded: string) => {
              const [, name = "", password = ""] = decode(encoded).split("\0");
              checkLogin(name, password);
            };
            if (initial) return finish(initial);
            pendingAuth = (reply) => ((pendingAuth = null), finish(reply));
            return send("334 ");
          }
          if (mechanism.toUpperCase() === "LOGIN") {
            send(`334 ${Buffer.from("Username:").toString("base64")}`);
            pendingAuth = (name) => {
              send(`334 ${Buffer.from("Password:").toString("base64")}`);
              pendingAuth = (password) => ((pendingAuth = null), checkLogin(decode(name), decode(password)));
            };
            return;
          }
          return send("504 5.5.4 Unrecognized authentication type");
        }
        case "MAIL": {
          if (faulted("mail")) return;
          if (authRequired()) return send("530 5.7.0 Authentication required");
          const address = /^FROM:\s*<([^>]*)>/i.exec(argument)?.[1];
          if (address === undefined) return send("501 5.5.4 Syntax: MAIL FROM:<address>");
          from = address;
          to = [];
          return send("250 2.1.0 Sender OK");
        }
        case "RCPT": {
          if (faulted("rcpt")) return;
          if (from === null) return send("503 5.5.1 MAIL first");
          const address = /^TO:\s*<([^>]+)>/i.exec(argument)?.[1];
          if (address === undefined) return send("501 5.5.4 Syntax: RCPT TO:<address>");
          const refusal = options.refuse?.(address);
          if (refusal) return send(`${refusal.code} ${refusal.text}`);
          to.push(address);
          return send("250 2.1.5 Recipient OK");
        }
        case "DATA": {
          if (faulted("data")) return;
          if (from === null || to.length === 0) return send("503 5.5.1 RCPT first");
          data = [];
          return send("354 End data with <CR><LF>.<CR><LF>");
        }
        case "RSET":
          from = null;
          to = [];
          return send("250 2.0.0 OK");
        case "NOOP":
          return send("250 2.0.0 OK");
        case "QUIT":
          send("221 2.0.0 Bye");
          return void socket.end();
        default:
          return send("500 5.5.2 Command not recognized");
      }
    };

    const endOfData = () => {
      const raw = data!.join("\r\n") + "\r\n";
      data = null;
      if (faulted("dot")) return;
      messages.push({ ...parseMail(raw), from: from!, to, raw, user, tls });
      from = null;
      to = [];
      if (fault?.kind === "lost_answer") return void socket.destroy();
      send("250 2.0.0 Message accepted");
    };

    function onData(chunk: Buffer) {
      pending = Buffer.concat([pending, chunk]);
      let end: number;
      while (!hung && (end = pending.indexOf("\n")) >= 0) {
        const line = pending.subarray(0, end).toString("utf8").replace(/\r$/, "");
        pending = pending.subarray(end + 1);
        if (data !== null) {
          if (line === ".") endOfData();
          else data.push(line.startsWith(".") ? line.slice(1) : line);
        } else command(line);
      }
    }

    socket.on("data", onData);
    if (faulted("connect")) return;
    send("220 orderflow-smtp-test ESMTP ready");
  };

  const server: Server =
    options.implicitTls && options.tls
      ? createTlsServer({ key: options.tls.key, cert: options.tls.cert }, (socket) => session(socket, true))
      : createPlainServer((socket) => session(socket, false));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    host: "127.0.0.1",
    port,
    messages,
    delivered: () => {
      const seen = new Set<string>();
      return messages.filter((m) => m.messageId === undefined || (!seen.has(m.messageId) && (seen.add(m.messageId), true)));
    },
    sessions: () => sessions,
    fault: (...next) => void faults.push(...next),
    settings: () => {
      const [user] = Object.entries(options.users ?? {});
      return {
        host: "127.0.0.1",
        port,
        security: options.tls ? (options.implicitTls ? "tls" : "starttls") : "none",
        ...(options.tls ? { caCertificate: options.tls.cert } : {}),
        ...(user ? { username: user[0], password: user[1] } : {}),
      };
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of open) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
