/**
 * Which settings are secrets is declared once, by `Prop.secret` (`writeOnly`
 * in the JSON Schema). These helpers follow that declaration: seal secrets
 * before storing settings, open them to install a connector, and redact
 * them from anything the API returns, so a secret, once entered, never
 * leaves the server again.
 */
import type { TSchema } from "@sinclair/typebox";
import type { SecretBox } from "./secret-box";

/** What the API shows instead of a secret: that one is set, never what it is. */
export const REDACTED = "••••••";

function isSecret(schema: TSchema): boolean {
  return schema["writeOnly"] === true || schema["x-secret"] === true;
}

/** Walks `value` along `schema`'s object properties, replacing each secret with what `replace` returns. */
function mapSecrets(schema: TSchema, value: unknown, path: string, replace: (secret: string, path: string) => string): unknown {
  if (typeof value === "string" && isSecret(schema)) return replace(value, path);
  const properties = schema["properties"] as Record<string, TSchema> | undefined;
  if (properties && value !== null && typeof value === "object" && !Array.isArray(value)) {
    const out: Record<string, unknown> = { ...(value as Record<string, unknown>) };
    for (const [key, child] of Object.entries(properties)) {
      if (key in out) out[key] = mapSecrets(child, out[key], path ? `${path}.${key}` : key, replace);
    }
    return out;
  }
  const items = schema["items"] as TSchema | undefined;
  if (items && Array.isArray(value)) return value.map((item, i) => mapSecrets(items, item, `${path}[${i}]`, replace));
  return value;
}

/** A copy of `value` safe to return to API clients. */
export function redactSecrets<T>(schema: TSchema, value: T): T {
  return mapSecrets(schema, value, "", () => REDACTED) as T;
}

/** A copy with every secret sealed, bound to `${scope}:${field path}`; already-sealed values stay as they are. */
export function sealSecrets<T>(schema: TSchema, value: T, box: SecretBox, scope: string): T {
  return mapSecrets(schema, value, "", (secret, path) => (box.isSealed(secret) ? secret : box.seal(secret, `${scope}:${path}`))) as T;
}

/** The inverse of `sealSecrets`, for installing the connector. */
export function openSecrets<T>(schema: TSchema, value: T, box: SecretBox, scope: string): T {
  return mapSecrets(schema, value, "", (sealed, path) => box.open(sealed, `${scope}:${path}`)) as T;
}
