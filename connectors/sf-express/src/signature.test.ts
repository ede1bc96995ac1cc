import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { javaUrlEncode, msgDigest } from "./signature";

describe("SF's digital signature", () => {
  it("URL-encodes as Java's URLEncoder does: space as +, * kept, ~ ! ' ( ) encoded, Chinese as UTF-8", () => {
    expect(javaUrlEncode(`a b*~!'()-_.`)).toBe("a+b*%7E%21%27%28%29-_.");
    expect(javaUrlEncode("顺丰")).toBe("%E9%A1%BA%E4%B8%B0");
  });

  it("is base64(md5(urlencode(msgData + timestamp + checkword)))", () => {
    const expected = createHash("md5").update("%7B%22orderId%22%3A%22WS+1%22%7D1795341600000cw", "utf8").digest("base64");
    expect(msgDigest('{"orderId":"WS 1"}', "1795341600000", "cw")).toBe(expected);
  });
});
