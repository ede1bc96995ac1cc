/**
 * What an installation's settings become on their way in and out, decided
 * without I/O: staff send one `settings` object (the connector's install
 * form, secrets included); it is checked against the connector's schema,
 * split into the plain settings and the secrets, and each secret sealed for
 * its installation and field. An update that leaves a secret out keeps the
 * stored one; `null` removes it. Nothing here ever puts a secret into what
 * is returned.
 *
 * @example
 * const next = nextSettings(taobao, "taobao-main", { shop: "s1", appKey: "k", appSecret: "s" }, undefined, box);
 * if (next.ok) store(next.settings, next.secrets); // secrets: { appSecret: "v1.…" }
 */
import { checkAgainst, type SecretBox } from "@orderflow/connector-sdk";
import { secretFields, type Definition } from "./catalogue";

export interface FieldProblem {
  /** A JSON pointer into the request body, e.g. "/settings/appKey". */
  field: string;
  message: string;
}

export interface Stored {
  settings: Record<string, unknown>;
  secrets: Record<string, string>;
}

export type NextSettings = ({ ok: true } & Stored) | { ok: false; problems: FieldProblem[] } | { ok: false; noKey: true };

/** The context a secret is sealed for: it opens only for the same installation and field. */
const sealedFor = (installationId: string, field: string) => `${installationId}:${field}`;

/**
 * @param given the `settings` of the request: every plain setting, and the secrets to set (a string) or remove (null)
 * @param stored the installation as stored, for an update
 */
export function nextSettings(definition: Definition, installationId: string, given: Record<string, unknown>, stored: Stored | undefined, box: SecretBox | undefined): NextSettings {
  const secretNames = new Set(secretFields(definition));
  const settings: Record<string, unknown> = {};
  const newSecrets: Record<string, string> = {};
  const kept: Record<string, string> = {};
  const problems: FieldProblem[] = [];
  for (const [field, value] of Object.entries(given)) {
    if (!secretNames.has(field)) settings[field] = value;
    else if (typeof value === "string") newSecrets[field] = value;
    else if (value !== null) problems.push({ field: `/settings/${field}`, message: "must be the secret as text, or null to remove it (leave it out to keep the stored one)" });
  }
  for (const [field, sealed] of Object.entries(stored?.secrets ?? {})) {
    if (!(field in given) && secretNames.has(field)) kept[field] = sealed;
  }
  // Stored secrets are checked by presence only: opening them is not needed to know they are there.
  const placeholders = Object.fromEntries(Object.keys(kept).map((field) => [field, "(stored)"]));
  problems.push(...checkAgainst(definition.settingsSchema, { ...settings, ...placeholders, ...newSecrets }, "").map((p) => ({ field: toPointer(p.path), message: p.message })));
  if (problems.length > 0) return { ok: false, problems: withFixes(problems, secretNames) };
  if (Object.keys(newSecrets).length > 0 && !box) return { ok: false, noKey: true };
  const sealed = Object.fromEntries(Object.entries(newSecrets).map(([field, value]) => [field, box!.seal(value, sealedFor(installationId, field))]));
  return { ok: true, settings, secrets: { ...kept, ...sealed } };
}

/** The settings to install the connector with: plain and secrets together, in plain text. Throws when a secret does not open (another key). */
export function openSettings(installationId: string, stored: Stored, box: SecretBox | undefined): Record<string, unknown> {
  const secrets = Object.entries(stored.secrets);
  if (secrets.length > 0 && !box) throw new Error(`its secrets cannot be opened: no secret key is configured (set ORDERFLOW_SECRET_KEY to the key they were sealed with)`);
  return { ...stored.settings, ...Object.fromEntries(secrets.map(([field, sealed]) => [field, box!.open(sealed, sealedFor(installationId, field))])) };
}

/** "settings.lines[2].sku" → "/settings/lines/2/sku" (the validator's paths start at the settings). */
function toPointer(path: string): string {
  const parts = path.replace(/\[(\d+)\]/g, ".$1").split(".").filter((part) => part !== "");
  return ["/settings", ...parts].join("/");
}

function withFixes(problems: FieldProblem[], secrets: ReadonlySet<string>): FieldProblem[] {
  return problems.map((problem) => {
    const field = problem.field.split("/")[2];
    if (!field || !/required/.test(problem.message)) return problem;
    if (secrets.has(field)) return { ...problem, message: `${problem.message}: this secret is not stored yet, so send it` };
    return { ...problem, message: `${problem.message}: fill it in (GET /connectors shows the connector's settings)` };
  });
}
