import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { Prop, propsSchema } from "../props/prop";
import { createSecretBox } from "./secret-box";
import { openSecrets, REDACTED, redactSecrets, sealSecrets } from "./secret-fields";

const key = randomBytes(32).toString("base64");

describe("createSecretBox", () => {
  it("seals with AES-256-GCM so that only the same key and context open it", () => {
    const box = createSecretBox(key);
    const sealed = box.seal("app-secret-值", "taobao:appSecret");
    expect(sealed).toMatch(/^v1\./);
    expect(sealed).not.toContain("app-secret");
    expect(box.seal("app-secret-值", "taobao:appSecret")).not.toBe(sealed);
    expect(box.open(sealed, "taobao:appSecret")).toBe("app-secret-值");
    expect(() => box.open(sealed, "jd:appSecret")).toThrow(/another key or for another field/);
    expect(() => createSecretBox(randomBytes(32)).open(sealed, "taobao:appSecret")).toThrow(/does not open/);
    const [v, iv, tag, data] = sealed.split(".");
    const flipped = Buffer.from(data!, "base64url");
    flipped[0] = flipped[0]! ^ 1;
    expect(() => box.open([v, iv, tag, flipped.toString("base64url")].join("."), "taobao:appSecret")).toThrow(/altered/);
    expect(() => box.open("plain text")).toThrow(/not a sealed secret/);
  });

  it("refuses a key that is not 32 bytes, saying how to make one", () => {
    expect(() => createSecretBox("c2hvcnQ=")).toThrow(/32 bytes.*openssl rand -base64 32.*5 bytes/);
  });
});

describe("secret settings", () => {
  const schema = propsSchema({
    shop: Prop.text({ label: { zh: "店铺", en: "Shop" } }),
    appSecret: Prop.secret({ label: { zh: "密钥", en: "Secret" } }),
    webhook: Prop.object({ label: { zh: "回调", en: "Callback" }, props: { token: Prop.secret({ label: { zh: "令牌", en: "Token" } }) }, required: false }),
  });
  const settings = { shop: "s1", appSecret: "topsecret", webhook: { token: "tok-123" } };

  it("are redacted from anything returned to API clients", () => {
    const shown = redactSecrets(schema, settings);
    expect(shown).toEqual({ shop: "s1", appSecret: REDACTED, webhook: { token: REDACTED } });
    expect(settings.appSecret).toBe("topsecret");
  });

  it("are sealed for storage and opened for installation, each bound to its field", () => {
    const box = createSecretBox(key);
    const stored = sealSecrets(schema, settings, box, "taobao");
    expect(JSON.stringify(stored)).not.toMatch(/topsecret|tok-123/);
    expect(stored.shop).toBe("s1");
    expect(sealSecrets(schema, stored, box, "taobao")).toEqual(stored);
    expect(openSecrets(schema, stored, box, "taobao")).toEqual(settings);
    expect(() => openSecrets(schema, { ...stored, appSecret: stored.webhook.token }, box, "taobao")).toThrow(/taobao:appSecret/);
  });
});
