import { hmacSha256Hex, signaturesMatch } from "@orderflow/connector-sdk";

export const SIGNATURE_HEADER = "x-mini-signature";
export const sign = (secret: string, body: string) => hmacSha256Hex(secret, body);
export function signatureProblem(secret: string, got: string | undefined, body: string): string | null {
  if (got === undefined) return `no ${SIGNATURE_HEADER} header`;
  return signaturesMatch(got, sign(secret, body)) ? null : `the ${SIGNATURE_HEADER} header does not match the body`;
}
