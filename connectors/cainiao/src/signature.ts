/**
 * Cainiao LINK's signature, the same both ways: `data_digest` is
 * base64(md5(logistics_interface + secret)), over the exact text of the
 * `logistics_interface` form field. Calls orderflow makes are signed with
 * the app secret; track pushes Cainiao sends, with the same secret.
 */
import { createHash } from "node:crypto";
import { signaturesMatch } from "@orderflow/connector-sdk";

export function dataDigest(content: string, secret: string): string {
  return createHash("md5").update(content + secret, "utf8").digest("base64");
}

/** Why a digest does not hold, or null when it does. */
export function digestProblem(content: string | null, digest: string | null, secret: string): string | null {
  if (content === null) return "the form has no logistics_interface field";
  if (digest === null || digest === "") return "the form has no data_digest field: Cainiao signs every push";
  return signaturesMatch(digest, dataDigest(content, secret)) ? null : "data_digest does not match logistics_interface: check the app secret";
}
