import { createMemoryStore, installConnector } from "@orderflow/connector-sdk";
import { afterEach, describe, expect, it } from "vitest";
import { startSmtpTestServer, TEST_TLS, type SmtpTestServer, type SmtpTestServerOptions } from "../simulator/smtp-test-server";
import { email } from "./connector";
import { messageIdFor } from "./mime-message";

const DIRECTORY = [
  { role: "supervisor", warehouse: "HZ1", address: "hz-lead@shop.example.com" },
  { role: "supervisor", warehouse: "HZ1", address: "ops@shop.example.com" },
  { role: "finance", address: "nobody@refused.example" },
];
const USERS = { orders: "app-password" };
let smtp: SmtpTestServer | undefined;
afterEach(() => smtp?.close());

async function start(options: SmtpTestServerOptions = {}) {
  smtp = await startSmtpTestServer({ users: USERS, tls: TEST_TLS, refuse: (a) => (a.endsWith("@refused.example") ? { code: 550, text: "5.1.1 No such user" } : null), ...options });
  return smtp;
}

function install(server: SmtpTestServer, settings: Record<string, unknown> = {}) {
  return installConnector(email, {
    settings: { ...server.settings(), from: "orders@shop.example.com", fromName: "茶语订单中心", directory: DIRECTORY, ...settings },
    store: createMemoryStore(),
    clock: () => new Date("2026-11-22T01:00:00Z"),
  });
}

const lateOrder = { channel: "email", to: { role: "supervisor", warehouse: "HZ1" }, message: { zh: "订单 DB1001 已超时 2 小时\n请尽快审核。", en: "Order DB1001 is 2 hours late" } };

describe("notifications by e-mail", () => {
  it("sends one e-mail to the audience over STARTTLS with AUTH: UTF-8 subject, text and HTML, a Message-ID from the key", async () => {
    const server = await start();
    expect(await install(server).notify!(lateOrder, "inst-1:late:notify")).toEqual({ ok: true, output: null });
    const [mail] = server.messages;
    expect(mail).toMatchObject({
      from: "orders@shop.example.com",
      to: ["hz-lead@shop.example.com", "ops@shop.example.com"],
      user: "orders",
      tls: true,
      subject: "[orderflow] 订单 DB1001 已超时 2 小时",
      text: "订单 DB1001 已超时 2 小时\n请尽快审核。",
      html: expect.stringContaining("订单 DB1001 已超时 2 小时<br>请尽快审核。"),
      messageId: messageIdFor("inst-1:late:notify", "orders@shop.example.com"),
    });
    expect(mail!.headers["from"]).toBe("=?UTF-8?B?6Iy26K+t6K6i5Y2V5Lit5b+D?= <orders@shop.example.com>");
    expect(mail!.headers["date"]).toBe("Sun, 22 Nov 2026 01:00:00 +0000");
    expect(mail!.raw).toMatch(/^[\x00-\x7f]*$/);
  });

  it("speaks TLS from the start and AUTH LOGIN when that is all the server offers", async () => {
    const server = await start({ implicitTls: true, authMechanisms: ["LOGIN"] });
    expect(await install(server, { language: "en" }).notify!(lateOrder, "k-1")).toMatchObject({ ok: true });
    expect(server.messages).toEqual([expect.objectContaining({ user: "orders", tls: true, subject: "[orderflow] Order DB1001 is 2 hours late" })]);
  });

  it("after a lost answer, the worker's retry carries the same Message-ID, so the mailbox keeps one", async () => {
    const server = await start();
    server.fault({ kind: "lost_answer" });
    const installed = install(server);
    expect(await installed.notify!(lateOrder, "k-1")).toMatchObject({ ok: false, retryable: true, error: { code: "network" } });
    expect(await installed.notify!(lateOrder, "k-1")).toEqual({ ok: true, output: null });
    expect(server.messages).toHaveLength(2);
    expect(server.messages[0]!.messageId).toBe(server.messages[1]!.messageId);
    expect(server.delivered()).toHaveLength(1);
  });

  it("treats a 4xx as temporary and a 5xx as final, at whatever stage it comes", async () => {
    const server = await start();
    server.fault({ kind: "reply", at: "rcpt", code: 451, text: "4.3.0 Mailbox temporarily unavailable" }, { kind: "reply", at: "connect", code: 421, text: "4.3.2 Too busy" });
    const installed = install(server);
    expect(await installed.notify!(lateOrder, "k-1")).toMatchObject({ ok: false, retryable: true, error: { code: "smtp_451", message: expect.stringContaining("RCPT TO:<hz-lead@shop.example.com>") } });
    expect(await installed.notify!(lateOrder, "k-1")).toMatchObject({ ok: false, retryable: true, error: { code: "smtp_421" } });
    expect(await installed.notify!(lateOrder, "k-1")).toMatchObject({ ok: true });
    server.fault({ kind: "reply", at: "dot", code: 554, text: "5.7.1 Message rejected as spam" });
    expect(await installed.notify!(lateOrder, "k-2")).toMatchObject({ ok: false, retryable: false, error: { code: "smtp_554", message: expect.stringContaining("spam") } });
    expect(server.delivered().map((m) => m.messageId)).toEqual([messageIdFor("k-1", "orders@shop.example.com")]);
  });

  it("reports a dropped connection as worth retrying, and a server that hangs past the call's time as a timeout", async () => {
    const server = await start();
    server.fault({ kind: "drop", at: "data" }, { kind: "hang", at: "mail" });
    const installed = install(server);
    expect(await installed.notify!(lateOrder, "k-1")).toMatchObject({ ok: false, retryable: true, error: { code: "network", message: expect.stringContaining("closed the connection") } });
    const call = { connector: "email", action: "send_email", input: { to: ["buyer@example.com"], subject: "已发货", text: "顺丰 SF1400012345678" }, idempotencyKey: "k-ship", attempt: 1 };
    expect(await installed.invoke({ ...call, timeoutMs: 300 })).toMatchObject({ ok: false, retryable: true, error: { code: "timeout" } });
    expect(await installed.invoke({ ...call, timeoutMs: 10_000 })).toMatchObject({ ok: true, output: { sent: true, accepted: ["buyer@example.com"] } });
    expect(server.delivered()).toHaveLength(1);
  });

  it("stops at once, saying what to fix: wrong password, untrusted certificate, no STARTTLS, nobody to write to", async () => {
    const server = await start();
    expect(await install(server, { password: "wrong" }).notify!(lateOrder, "k-1")).toMatchObject({ ok: false, retryable: false, error: { code: "auth_failed", message: expect.stringContaining("535") } });
    expect(await install(server, { caCertificate: undefined }).notify!(lateOrder, "k-2")).toMatchObject({ ok: false, retryable: false, error: { code: "tls_untrusted", message: expect.stringContaining("CA certificate") } });
    expect(await install(server).notify!({ ...lateOrder, to: { role: "picker" } }, "k-3")).toMatchObject({ ok: false, retryable: false, error: { code: "no_recipient", message: expect.stringContaining("role picker") } });
    expect(await install(server).notify!({ ...lateOrder, to: { role: "finance" } }, "k-4")).toMatchObject({ ok: false, retryable: false, error: { code: "recipients_refused", message: expect.stringContaining("nobody@refused.example") } });
    const plain = await startSmtpTestServer({});
    try {
      expect(await install(plain, { security: "starttls" }).notify!(lateOrder, "k-5")).toMatchObject({ ok: false, retryable: false, error: { code: "tls_unavailable" } });
      expect(await install(plain).notify!(lateOrder, "k-6")).toMatchObject({ ok: true });
    } finally {
      await plain.close();
    }
    expect(server.messages).toEqual([]);
  });

  it("refuses a send_email input that is not an address before reaching the server", async () => {
    const server = await start();
    const outcome = await install(server).invoke({ connector: "email", action: "send_email", input: { to: ["not an address"], subject: "s", text: "t" }, idempotencyKey: "k", attempt: 1, timeoutMs: 5_000 });
    expect(outcome).toMatchObject({ ok: false, retryable: false, error: { code: "invalid_input", message: expect.stringContaining("input.to[0]") } });
    expect(server.sessions()).toBe(0);
  });
});
