/**
 * Secrets at rest: connector credentials are sealed with AES-256-GCM under a
 * key from the server's configuration before they are stored, and opened only
 * when a connector is installed. A sealed value names its format version and
 * is bound to a context (e.g. `taobao:appSecret`), so a ciphertext copied into
 * another field or connector does not open.
 *
 * @example
 * const box = createSecretBox(process.env.ORDERFLOW_SECRET_KEY!); // 32 bytes, base64
 * const sealed = box.seal("s3cret", "taobao:appSecret");           // "v1.…"
 * box.open(sealed, "taobao:appSecret");                            // "s3cret"
 */
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

export interface SecretBox {
  seal(plaintext: string, context?: string): string;
  /** Throws when the value was not sealed with this key and context, or was altered. */
  open(sealed: string, context?: string): string;
  isSealed(value: unknown): value is string;
}

const PREFIX = "v1.";

/** @param key 32 bytes, as a Buffer or base64 text (e.g. `openssl rand -base64 32`). */
export function createSecretBox(key: Buffer | string): SecretBox {
  const bytes = typeof key === "string" ? Buffer.from(key, "base64") : key;
  if (bytes.length !== 32) {
    throw new RangeError(`The secret key must be 32 bytes (base64 of 32 random bytes, e.g. from "openssl rand -base64 32"); this one is ${bytes.length} bytes`);
  }
  return {
    seal(plaintext, context = "") {
      const iv = randomBytes(12);
      const cipher = createCipheriv("aes-256-gcm", bytes, iv);
      cipher.setAAD(Buffer.from(context, "utf8"));
      const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
      return PREFIX + [iv, cipher.getAuthTag(), ciphertext].map((part) => part.toString("base64url")).join(".");
    },
    open(sealed, context = "") {
      const parts = sealed.startsWith(PREFIX) ? sealed.slice(PREFIX.length).split(".") : [];
      if (parts.length !== 3) throw new Error("The value is not a sealed secret (expected v1.<iv>.<tag>.<ciphertext>)");
      const [iv, tag, ciphertext] = parts.map((part) => Buffer.from(part, "base64url")) as [Buffer, Buffer, Buffer];
      try {
        const decipher = createDecipheriv("aes-256-gcm", bytes, iv);
        decipher.setAAD(Buffer.from(context, "utf8"));
        decipher.setAuthTag(tag);
        return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString("utf8");
      } catch {
        throw new Error(`The sealed secret does not open with this key for "${context}": it was sealed with another key or for another field, or altered`);
      }
    },
    isSealed: (value): value is string => typeof value === "string" && value.startsWith(PREFIX) && value.split(".").length === 4,
  };
}
