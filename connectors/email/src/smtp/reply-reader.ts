/**
 * Reads SMTP replies from a socket: lines `250-…` continue a reply, `250 …`
 * ends it (RFC 5321 §4.2.1). It can move to a new socket when STARTTLS
 * turns the connection into TLS. A reply that does not come within the
 * time allowed, a closed connection or an abort fails the wait.
 */
import type { Socket } from "node:net";

export interface SmtpReply {
  code: number;
  /** The text of each line, without the code. */
  lines: string[];
}

export interface ReplyReader {
  next(timeoutMs: number): Promise<SmtpReply>;
  /** Stops reading `from` (before it is wrapped in TLS) and reads `to` instead. */
  moveTo(socket: Socket): void;
}

export class SmtpTransportError extends Error {
  constructor(
    message: string,
    readonly timedOut: boolean,
  ) {
    super(message);
    this.name = "SmtpTransportError";
  }
}

export function createReplyReader(first: Socket): ReplyReader {
  let socket = first;
  let buffer = "";
  const lines: string[] = [];
  let failure: Error | null = null;
  let wake: (() => void) | null = null;

  const onData = (chunk: Buffer) => {
    buffer += chunk.toString("latin1");
    let end: number;
    while ((end = buffer.indexOf("\n")) >= 0) {
      lines.push(buffer.slice(0, end).replace(/\r$/, ""));
      buffer = buffer.slice(end + 1);
    }
    wake?.();
  };
  const onError = (error: Error) => {
    failure ??= new SmtpTransportError(`the connection failed: ${error.message}`, false);
    wake?.();
  };
  const onClose = () => {
    failure ??= new SmtpTransportError("the server closed the connection", false);
    wake?.();
  };
  const attach = (s: Socket) => s.on("data", onData).on("error", onError).on("close", onClose);
  attach(socket);

  const nextLine = async (deadline: number): Promise<string> => {
    while (lines.length === 0) {
      if (failure) throw failure;
      const left = deadline - Date.now();
      if (left <= 0) throw new SmtpTransportError("the server did not answer in time", true);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = null;
    }
    return lines.shift()!;
  };

  return {
    async next(timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      const collected: string[] = [];
      for (;;) {
        const line = await nextLine(deadline);
        const match = /^(\d{3})([ -]?)(.*)$/.exec(line);
        if (!match) throw new SmtpTransportError(`the server's answer is not SMTP: ${line.slice(0, 120)}`, false);
        collected.push(match[3]!);
        if (match[2] !== "-") return { code: Number(match[1]), lines: collected };
      }
    },
    moveTo(next) {
      socket.off("data", onData).off("error", onError).off("close", onClose);
      socket = next;
      attach(socket);
    },
  };
}
