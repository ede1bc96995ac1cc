/**
 * A small SMTP client on node:net / node:tls (RFC 5321): EHLO, STARTTLS
 * (RFC 3207) or TLS from the start, AUTH PLAIN or LOGIN (RFC 4954), MAIL
 * FROM, RCPT TO, DATA with dot-stuffing, QUIT. One message per connection:
 * notifications are few, and a fresh connection never inherits a broken one.
 *
 * Failures come back as the SDK's ConnectorError: a 4xx reply, a timeout or
 * a dropped connection may pass (retryable); a 5xx reply, refused
 * credentials or a certificate that is not trusted will not.
 */
import { isIP, Socket, connect as connectPlain } from "node:net";
import { connect as connectTls, type TLSSocket } from "node:tls";
import { ConnectorError, permanentError, transientError } from "@orderflow/connector-sdk";
import { createReplyReader, SmtpTransportError, type ReplyReader, type SmtpReply } from "./reply-reader";

const QUIT_WAIT_MS = 1_000;

export interface SmtpServerOptions {
  host: string;
  port: number;
  /** `tls`: TLS from the first byte (port 465); `starttls`: plain, then upgraded (port 587); `none`: plain text throughout. */
  security: "tls" | "starttls" | "none";
  username?: string;
  password?: string;
  /** The name this client gives in EHLO. */
  clientName: string;
  /** PEM of a certificate authority to trust besides the system's (a company's own mail server). */
  ca?: string;
  /** For each reply. */
  timeoutMs: number;
  signal?: AbortSignal;
}

export interface Envelope {
  from: string;
  to: readonly string[];
}

export interface SendResult {
  accepted: string[];
  /** Recipients the server refused for good, with its reply. */
  refused: { address: string; reply: string }[];
}

export async function sendMail(server: SmtpServerOptions, envelope: Envelope, message: string): Promise<SendResult> {
  const where = `${server.host}:${server.port}`;
  let socket: Socket;
  try {
    socket = await open(server);
  } catch (error) {
    throw asConnectorError(error, where, server.signal);
  }
  const reader = createReplyReader(socket);
  const abort = () => socket.destroy();
  server.signal?.addEventListener("abort", abort, { once: true });

  const expect = async (stage: string, line: string | null, ok: readonly number[]): Promise<SmtpReply> => {
    if (line !== null) socket.write(`${line}\r\n`);
    const reply = await reader.next(server.timeoutMs);
    if (!ok.includes(reply.code)) throw replyError(where, stage, reply);
    return reply;
  };

  try {
    await expect("the greeting", null, [220]);
    let extensions = parseExtensions(await expect("EHLO", `EHLO ${server.clientName}`, [250]));
    if (server.security === "starttls") {
      if (!extensions.has("STARTTLS")) throw permanentError("tls_unavailable", `The mail server at ${where} does not offer STARTTLS: set security to "tls" (port 465) or, on a trusted network only, "none"`);
      await expect("STARTTLS", "STARTTLS", [220]);
      socket = await upgrade(socket, server);
      reader.moveTo(socket);
      extensions = parseExtensions(await expect("EHLO", `EHLO ${server.clientName}`, [250]));
    }
    if (server.username) await authenticate(server, extensions, expect, where);

    await expect("MAIL FROM", `MAIL FROM:<${envelope.from}>`, [250]);
    const accepted: string[] = [];
    const refused: SendResult["refused"] = [];
    for (const address of envelope.to) {
      socket.write(`RCPT TO:<${address}>\r\n`);
      const reply = await reader.next(server.timeoutMs);
      if (reply.code === 250 || reply.code === 251) accepted.push(address);
      // A recipient put off for now (greylisting, a full mailbox) means trying the whole message again later.
      else if (reply.code >= 400 && reply.code < 500) throw replyError(where, `RCPT TO:<${address}>`, reply);
      else refused.push({ address, reply: `${reply.code} ${reply.lines.join(" ")}` });
    }
    if (accepted.length === 0) {
      throw permanentError("recipients_refused", `The mail server at ${where} refused every recipient: ${refused.map((r) => `${r.address} (${r.reply})`).join(", ")}; check the addresses`);
    }
    await expect("DATA", "DATA", [354]);
    socket.write(`${dotStuff(message)}.\r\n`);
    await expect("the end of the message", null, [250]);
    // The message is taken; a server slow to say goodbye changes nothing.
    socket.write("QUIT\r\n");
    await reader.next(QUIT_WAIT_MS).catch(() => undefined);
    return { accepted, refused };
  } catch (error) {
    throw asConnectorError(error, where, server.signal);
  } finally {
    server.signal?.removeEventListener("abort", abort);
    socket.end();
    socket.destroy();
  }
}

/** A line of the message that starts with "." gets another one (RFC 5321 §4.5.2); the message ends in CRLF. */
export function dotStuff(message: string): string {
  const normalised = message.replace(/\r?\n/g, "\r\n");
  const ended = normalised.endsWith("\r\n") ? normalised : `${normalised}\r\n`;
  return ended.replace(/^\./gm, "..");
}

type Expect = (stage: string, line: string | null, ok: readonly number[]) => Promise<SmtpReply>;

async function authenticate(server: SmtpServerOptions, extensions: Map<string, string[]>, expect: Expect, where: string): Promise<void> {
  const mechanisms = extensions.get("AUTH") ?? [];
  const b64 = (text: string) => Buffer.from(text, "utf8").toString("base64");
  if (mechanisms.includes("PLAIN")) {
    await expect("AUTH PLAIN", `AUTH PLAIN ${b64(`\0${server.username}\0${server.password ?? ""}`)}`, [235]);
  } else if (mechanisms.includes("LOGIN")) {
    await expect("AUTH LOGIN", "AUTH LOGIN", [334]);
    await expect("AUTH LOGIN (user name)", b64(server.username ?? ""), [334]);
    await expect("AUTH LOGIN (password)", b64(server.password ?? ""), [235]);
  } else {
    throw permanentError("auth_unsupported", `The mail server at ${where} offers ${mechanisms.length > 0 ? `only AUTH ${mechanisms.join(" ")}` : "no AUTH (perhaps only after STARTTLS)"}; this connector speaks PLAIN and LOGIN`);
  }
}

/** EHLO's lines after the first: `STARTTLS`, `AUTH PLAIN LOGIN`, `SIZE 10240000`. */
function parseExtensions(reply: SmtpReply): Map<string, string[]> {
  return new Map(
    reply.lines.slice(1).map((line) => {
      const [keyword = "", ...params] = line.trim().split(/\s+/);
      return [keyword.toUpperCase(), params.map((p) => p.toUpperCase())];
    }),
  );
}

function open(server: SmtpServerOptions): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket: Socket =
      server.security === "tls"
        ? connectTls({ host: server.host, port: server.port, ...tlsNames(server) })
        : connectPlain({ host: server.host, port: server.port });
    const ready = server.security === "tls" ? "secureConnect" : "connect";
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new SmtpTransportError(`could not connect within ${server.timeoutMs} ms`, true));
    }, server.timeoutMs);
    socket.once(ready, () => {
      clearTimeout(timer);
      socket.removeListener("error", onError);
      resolve(socket);
    });
    const onError = (error: Error) => {
      clearTimeout(timer);
      reject(error);
    };
    socket.once("error", onError);
  });
}

function upgrade(socket: Socket, server: SmtpServerOptions): Promise<TLSSocket> {
  return new Promise((resolve, reject) => {
    const secure = connectTls({ socket, ...tlsNames(server) });
    secure.once("secureConnect", () => {
      secure.removeListener("error", reject);
      resolve(secure);
    });
    secure.once("error", reject);
  });
}

function tlsNames(server: SmtpServerOptions): { servername?: string; ca?: string } {
  return { ...(isIP(server.host) ? {} : { servername: server.host }), ...(server.ca ? { ca: server.ca } : {}) };
}

function replyError(where: string, stage: string, reply: SmtpReply): ConnectorError {
  const said = `${reply.code} ${reply.lines.join(" ")}`.trim();
  if (reply.code === 535 || reply.code === 534) return permanentError("auth_failed", `The mail server at ${where} refused the user name and password (${said}): check them, or the app password the provider asks for`);
  if (reply.code >= 400 && reply.code < 500) return transientError(`smtp_${reply.code}`, `The mail server at ${where} put off ${stage} (${said}); it may pass`);
  return permanentError(`smtp_${reply.code}`, `The mail server at ${where} refused ${stage} (${said})`);
}

const TLS_TRUST = /certificate|self[- ]signed|unable to verify|altnames|CERT_/i;

function asConnectorError(error: unknown, where: string, signal: AbortSignal | undefined): ConnectorError {
  if (error instanceof ConnectorError) return error;
  if (signal?.aborted) return new ConnectorError(`Sending through ${where} ran out of time`, { code: "timeout", retryable: true, cause: error });
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof SmtpTransportError) return new ConnectorError(`Sending through ${where} failed: ${message}`, { code: error.timedOut ? "timeout" : "network", retryable: true, cause: error });
  if (TLS_TRUST.test(message)) return permanentError("tls_untrusted", `The mail server at ${where} showed a certificate that is not trusted (${message}): give its CA certificate in the settings, or fix the host name`);
  return new ConnectorError(`Could not reach the mail server at ${where}: ${message}`, { code: "network", retryable: true, cause: error });
}
