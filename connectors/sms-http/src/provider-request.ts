/**
 * Builds the provider's request from the installation's templates, and reads
 * its answer. Deciding (here) is kept apart from sending (send-sms.ts).
 */
import { permanentError, transientError, type PropsValue } from "@orderflow/connector-sdk";
import type { allSettings } from "./settings";

export type SmsSettings = PropsValue<typeof allSettings>;

export interface SmsValues {
  phone: string;
  text: string;
  idempotencyKey: string;
  /** Unix seconds. */
  timestamp: string;
}

const PLACEHOLDER = /\{\{\s*([A-Za-z]+)\s*\}\}/g;
const NAMES = ["phone", "text", "idempotencyKey", "timestamp", "apiKey"];
/** A provider that refuses for a moment (a rate limit) is asked again after this long. */
const TRY_LATER_MS = 60_000;

/** Fills `{{name}}` placeholders, each value passed through `encode`; an unknown name is a settings mistake no retry can mend. */
export function fillTemplate(template: string, values: Record<string, string>, encode: (value: string) => string, field: string): string {
  return template.replace(PLACEHOLDER, (_whole, name: string) => {
    const value = values[name];
    if (value === undefined) throw permanentError("invalid_settings", `settings.${field} uses {{${name}}}, which is not a placeholder: use one of ${NAMES.map((n) => `{{${n}}}`).join(", ")}`);
    return encode(value);
  });
}

const jsonContent = (value: string): string => JSON.stringify(value).slice(1, -1);

export function providerRequest(settings: SmsSettings, values: SmsValues): { method: string; url: string; headers: Record<string, string>; body?: string } {
  const all: Record<string, string> = { ...values, ...(settings.apiKey ? { apiKey: settings.apiKey } : {}) };
  const method = settings.method ?? "POST";
  const url = fillTemplate(settings.url, all, encodeURIComponent, "url");
  if (!URL.canParse(url)) throw permanentError("invalid_settings", `settings.url is not a URL once filled in (${url.slice(0, 120)}): check the template`);
  const headers = Object.fromEntries((settings.headers ?? []).map((header, i) => [header.name, fillTemplate(header.value, all, (v) => v, `headers[${i}].value`)]));
  if (method === "GET" || !settings.bodyTemplate) return { method, url, headers };
  if (settings.bodyFormat === "form") {
    return { method, url, headers: { "content-type": "application/x-www-form-urlencoded", ...headers }, body: fillTemplate(settings.bodyTemplate, all, encodeURIComponent, "bodyTemplate") };
  }
  const body = fillTemplate(settings.bodyTemplate, all, jsonContent, "bodyTemplate");
  try {
    JSON.parse(body);
  } catch (error) {
    throw permanentError("invalid_settings", `settings.bodyTemplate is not JSON once filled in (${error instanceof Error ? error.message : String(error)}): put each placeholder inside quotes, e.g. "to":"{{phone}}"`);
  }
  return { method, url, headers: { "content-type": "application/json", ...headers }, body };
}

/** The provider's message id, or throws when its answer says it did not send. */
export function readAnswer(settings: SmsSettings, body: unknown): string | null {
  if (settings.successPath) {
    const result = valueAt(body, settings.successPath);
    const said = `${settings.successPath} = ${JSON.stringify(result) ?? "(missing)"}`;
    if (result === undefined) throw permanentError("bad_response", `The SMS provider's answer has no ${settings.successPath}, so it is not known whether the SMS was sent: ${JSON.stringify(body).slice(0, 200)}`);
    if (String(result) !== (settings.successValue ?? "")) {
      if ((settings.retryValues ?? []).includes(String(result))) throw transientError("provider_busy", `The SMS provider asked to try later (${said})`, TRY_LATER_MS);
      throw permanentError("provider_refused", `The SMS provider refused the SMS (${said}): ${JSON.stringify(body).slice(0, 200)}`);
    }
  }
  if (!settings.messageIdPath) return null;
  const id = valueAt(body, settings.messageIdPath);
  return typeof id === "string" || typeof id === "number" ? String(id) : null;
}

function valueAt(value: unknown, path: string): unknown {
  let current = value;
  for (const part of path.split(".")) {
    if (typeof current !== "object" || current === null) return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}
