/** Checks every `define*` makes at once, so a mistake fails where it is written. */
import type { LocalizedText } from "../localized";

const SNAKE_CASE = /^[a-z][a-z0-9]*(_[a-z0-9]+)*$/;

export function isSnakeCase(id: string): boolean {
  return SNAKE_CASE.test(id);
}

export function assertId(id: string, what: string): void {
  if (!isSnakeCase(id)) {
    const suggestion = id.replace(/([a-z0-9])([A-Z])/g, "$1_$2").replace(/[^A-Za-z0-9]+/g, "_").replace(/^_+|_+$/g, "").toLowerCase();
    throw new TypeError(`${what} id "${id}" must be snake_case (lower-case letters, digits and single underscores, starting with a letter), e.g. "${suggestion || "my_id"}"`);
  }
}

export function assertLocalized(text: LocalizedText | undefined, what: string): void {
  for (const locale of ["zh", "en"] as const) {
    if (typeof text?.[locale] !== "string" || text[locale].trim() === "") throw new TypeError(`${what} needs a non-empty ${locale === "zh" ? "Chinese (zh)" : "English (en)"} text`);
  }
}
