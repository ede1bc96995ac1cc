/**
 * An SMS provider with an HTTP API, simulated over real HTTP for tests and
 * demos. POST /v1/sms takes `{ to, content, requestId }` with the account's
 * key in `X-Api-Key` and an HMAC-SHA256 (hex) of the body in `X-Signature`,
 * answers `{ code: "0", data: { messageId } }`, and, as good providers do,
 * sends a repeated `requestId` once (answering with the first message id).
 * It refuses unknown keys and bad signatures (401), phones it cannot text
 * (`INVALID_PHONE`), and more than `perSecond` a second (`RATE_LIMITED`). On
 * request: 5xx, 429 with Retry-After, hangs, drops, lost answers, or any
 * result code.
 *
 * @example
 * const provider = await startSmsProviderSimulator({ apiKey: "k", signingSecret: "s" });
 * installConnector(smsHttp, { settings: { ...provider.settings(), directory }, store });
 */
import type { ServerResponse } from "node:http";
import { hmacSha256Hex, signaturesMatch } from "@orderflow/connector-sdk";
import { answerWithFault, sendJson, startLocalServer, type FarSideFault, type RecordedRequest, type ScriptedResponse } from "@orderflow/connector-sdk/testing";

export type ProviderFault = FarSideFault | { kind: "result"; code: string };

export interface TextMessage {
  messageId: string;
  to: string;
  content: string;
  requestId: string;
}

export interface SmsProviderSimulatorOptions {
  apiKey: string;
  signingSecret: string;
  perSecond?: number;
  clock?: () => Date;
}

export interface SmsProviderSimulator {
  url: string;
  /** Every SMS sent to a phone: a repeated request id is not sent again. */
  messages: TextMessage[];
  /** How many requests asked for a message already sent. */
  repeats(): number;
  requests: RecordedRequest[];
  fault(...faults: ProviderFault[]): void;
  /** The connector's settings for this provider (templates, paths, credentials). */
  settings(): Record<string, unknown>;
  close(): Promise<void>;
}

export async function startSmsProviderSimulator(options: SmsProviderSimulatorOptions): Promise<SmsProviderSimulator> {
  const clock = options.clock ?? (() => new Date());
  const perSecond = options.perSecond ?? 10;
  const faults: ProviderFault[] = [];
  const messages: TextMessage[] = [];
  const sentAt: number[] = [];
  let repeats = 0;
  const result = (code: string, extra: Record<string, unknown> = {}): ScriptedResponse => ({ status: 200, body: { code, ...extra } });

  const take = (request: RecordedRequest): ScriptedResponse => {
    if (request.method !== "POST" || request.path !== "/v1/sms") return { status: 404, body: { code: "NOT_FOUND" } };
    if (request.headers["x-api-key"] !== options.apiKey) return { status: 401, body: { code: "UNAUTHORIZED", message: "unknown api key" } };
    if (!signaturesMatch(request.headers["x-signature"] ?? "", hmacSha256Hex(options.signingSecret, request.body))) return { status: 401, body: { code: "BAD_SIGNATURE", message: "x-signature does not match the body" } };
    let body: { to?: unknown; content?: unknown; requestId?: unknown };
    try {
      body = JSON.parse(request.body) as typeof body;
    } catch {
      return { status: 400, body: { code: "BAD_REQUEST", message: "body is not JSON" } };
    }
    if (typeof body.requestId !== "string" || typeof body.content !== "string" || body.content === "") return { status: 400, body: { code: "BAD_REQUEST", message: "requestId and content are required" } };
    const earlier = messages.find((m) => m.requestId === body.requestId);
    if (earlier) {
      repeats++;
      return result("0", { message: "duplicate request id: already sent", data: { messageId: earlier.messageId } });
    }
    if (typeof body.to !== "string" || !/^\+?\d{6,15}$/.test(body.to)) return result("INVALID_PHONE", { message: `cannot text ${String(body.to)}` });
    const now = clock().getTime();
    while (sentAt.length > 0 && now - sentAt[0]! >= 1_000) sentAt.shift();
    if (sentAt.length >= perSecond) return result("RATE_LIMITED", { message: `at most ${perSecond} a second` });
    sentAt.push(now);
    const message = { messageId: `sms_${messages.length + 1}`, to: body.to, content: body.content, requestId: body.requestId };
    messages.push(message);
    return result("0", { message: "ok", data: { messageId: message.messageId } });
  };

  const answer = (request: RecordedRequest, response: ServerResponse) => {
    const fault = faults.shift();
    if (fault?.kind === "result") return sendJson(response, 200, { code: fault.code, message: "simulated" });
    answerWithFault(fault, response, () => take(request));
  };

  const server = await startLocalServer(answer);
  return {
    url: server.url,
    messages,
    repeats: () => repeats,
    requests: server.requests,
    fault: (...next) => void faults.push(...next),
    settings: () => ({
      provider: "simsms",
      url: `${server.url}/v1/sms`,
      method: "POST",
      bodyFormat: "json",
      bodyTemplate: '{"to":"{{phone}}","content":"{{text}}","requestId":"{{idempotencyKey}}"}',
      headers: [{ name: "X-Api-Key", value: "{{apiKey}}" }],
      successPath: "code",
      successValue: "0",
      retryValues: ["RATE_LIMITED"],
      messageIdPath: "data.messageId",
      apiKey: options.apiKey,
      signingSecret: options.signingSecret,
      signatureHeader: "X-Signature",
      signatureEncoding: "hex",
    }),
    close: () => server.close(),
  };
}
