import { describe, expect, it } from "vitest";
import { providerRequest, readAnswer, type SmsSettings } from "./provider-request";

const base: SmsSettings = { provider: "p", url: "https://sms.example.com/send", bodyTemplate: '{"to":"{{phone}}","text":"{{text}}"}' };
const values = { phone: "13900001111", text: '他说："发货了"\n& 100%', idempotencyKey: "k/1", timestamp: "1795000000" };

describe("providerRequest", () => {
  it("escapes placeholders as JSON string content in a JSON body, so quotes and new lines survive", () => {
    const request = providerRequest(base, values);
    expect(JSON.parse(request.body!)).toEqual({ to: "13900001111", text: '他说："发货了"\n& 100%' });
    expect(request.headers["content-type"]).toBe("application/json");
  });

  it("URL-encodes placeholders in a form body and in the URL; GET sends no body", () => {
    const form = providerRequest({ ...base, bodyFormat: "form", bodyTemplate: "mobile={{phone}}&msg={{text}}&key={{apiKey}}", apiKey: "a b" }, values);
    expect(Object.fromEntries(new URLSearchParams(form.body!))).toEqual({ mobile: "13900001111", msg: '他说："发货了"\n& 100%', key: "a b" });
    const get = providerRequest({ ...base, method: "GET", url: "https://sms.example.com/send?to={{phone}}&id={{idempotencyKey}}" }, values);
    expect(get.body).toBeUndefined();
    expect(new URL(get.url).searchParams.get("id")).toBe("k/1");
  });

  it("refuses {{apiKey}} when no key is set, naming the field", () => {
    expect(() => providerRequest({ ...base, headers: [{ name: "Authorization", value: "Bearer {{apiKey}}" }] }, values)).toThrow(/settings\.headers\[0\]\.value uses \{\{apiKey\}\}/);
  });
});

describe("readAnswer", () => {
  it("takes any 2xx without a success path, and reads the message id where it is said to be", () => {
    expect(readAnswer(base, "OK")).toBeNull();
    expect(readAnswer({ ...base, successPath: "result.status", successValue: "0", messageIdPath: "result.id" }, { result: { status: 0, id: 42 } })).toBe("42");
  });

  it("says when the answer lacks the success field, rather than guessing", () => {
    expect(() => readAnswer({ ...base, successPath: "code", successValue: "0" }, { status: "ok" })).toThrow(/has no code, so it is not known whether the SMS was sent/);
  });
});
