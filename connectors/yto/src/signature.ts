/**
 * YTO open platform signatures. A call is signed with
 * base64(md5(param + method + v + secret)), `param` being the exact JSON
 * text sent, `method` and `v` the interface and version in its address
 * (…/open/{method}/{v}/…). A track push YTO sends is signed as
 * base64(md5(logistics_interface + secret)).
 */
import { createHash } from "node:crypto";
import { signaturesMatch } from "@orderflow/connector-sdk";

function md5Base64(text: string): string {
  return createHash("md5").update(text, "utf8").digest("base64");
}

export function callSignature(param: string, method: string, version: string, secret: string): string {
  return md5Base64(param + method + version + secret);
}

export function pushDigest(content: string, secret: string): string {
  return md5Base64(content + secret);
}

/** The interface and version named by a call's address: `…/open/privacy_create_adapter/v1/…`. */
export function methodOf(url: URL): { method: string; version: string } | null {
  const parts = url.pathname.split("/").filter(Boolean);
  const at = parts.indexOf("open");
  const method = parts[at + 1];
  const version = parts[at + 2];
  return at >= 0 && method && version ? { method, version } : null;
}

/** Why a push's digest does not hold, or null when it does. */
export function pushDigestProblem(content: string | null, digest: string | null, secret: string): string | null {
  if (content === null) return "the form has no logistics_interface field";
  if (digest === null || digest === "") return "the form has no data_digest field: YTO signs every push";
  return signaturesMatch(digest, pushDigest(content, secret)) ? null : "data_digest does not match logistics_interface: check the customer secret";
}
