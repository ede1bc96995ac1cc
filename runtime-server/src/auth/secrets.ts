/**
 * Session and API tokens: random secrets handed to the client once, stored
 * only as their SHA-256. A 256-bit random token needs no slow hash: nobody
 * can guess it, so a leaked table of hashes opens nothing.
 */
import { createHash, randomBytes } from "node:crypto";

/** A new secret, e.g. `ofs_3q2+…` (prefix tells a session from an API token in logs and secret scanners). */
export function newSecret(prefix: "ofs" | "oft"): string {
  return `${prefix}_${randomBytes(32).toString("base64url")}`;
}

export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}
