import { describe, expect, it } from "vitest";
import { decodeWords, parseMail } from "../simulator/mail-parser";
import { startSmtpTestServer } from "../simulator/smtp-test-server";
import { buildMessage, encodeHeaderText, messageIdFor } from "./mime-message";
import { dotStuff, sendMail } from "./smtp/smtp-client";

describe("encodeHeaderText", () => {
  it("leaves ASCII alone, and splits UTF-8 into encoded words of at most 75 characters, never inside a character", () => {
    expect(encodeHeaderText("Order shipped")).toBe("Order shipped");
    const subject = "您的订单 DB20261122000123 已由顺丰发出，运单号 SF1400012345678，预计明天送达，请注意查收 🍵";
    const encoded = encodeHeaderText(subject);
    const words = encoded.split("\r\n ");
    expect(words.length).toBeGreaterThan(1);
    for (const word of words) expect(word.length).toBeLessThanOrEqual(75);
    expect(decodeWords(encoded)).toBe(subject);
    expect(encodeHeaderText("a\r\nBcc: x@evil.example")).toBe("a Bcc: x@evil.example");
  });
});

describe("buildMessage", () => {
  it("gives the same Message-ID for the same key and a different one for another", () => {
    expect(messageIdFor("k-1", "a@shop.example.com")).toBe(messageIdFor("k-1", "a@shop.example.com"));
    expect(messageIdFor("k-1", "a@shop.example.com")).not.toBe(messageIdFor("k-2", "a@shop.example.com"));
    expect(messageIdFor("k-1", "a@shop.example.com")).toMatch(/^<[0-9a-f]{32}@shop\.example\.com>$/);
  });

  it("builds a multipart message a mail reader takes apart into the same text and HTML", () => {
    const raw = buildMessage({ from: { address: "a@shop.example.com", name: 'Shop "HZ"' }, to: ["b@example.com"], subject: "发货", text: "第一行\n.第二行", html: "<p>发货</p>", messageId: "<x@shop.example.com>", date: new Date(0) });
    const parsed = parseMail(raw);
    expect(parsed).toMatchObject({ subject: "发货", text: "第一行\n.第二行", html: "<p>发货</p>", messageId: "<x@shop.example.com>" });
    expect(parsed.headers["from"]).toBe('"Shop \\"HZ\\"" <a@shop.example.com>');
  });
});

describe("dot-stuffing", () => {
  it("doubles a leading dot, ends in CRLF, and the server gets the lines back unchanged", async () => {
    expect(dotStuff(".a\n..b\nc.\n.")).toBe("..a\r\n...b\r\nc.\r\n..\r\n");
    const server = await startSmtpTestServer();
    try {
      const raw = "Subject: dots\r\nMessage-ID: <d@x>\r\n\r\n.\r\n.hidden\r\n..two\r\nend";
      await sendMail({ host: server.host, port: server.port, security: "none", clientName: "test.local", timeoutMs: 5_000 }, { from: "a@x.example", to: ["b@x.example"] }, raw);
      expect(server.messages[0]!.raw).toBe(`${raw}\r\n`);
    } finally {
      await server.close();
    }
  });
});
