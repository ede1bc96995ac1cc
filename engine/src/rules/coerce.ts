/**
 * JsonLogic truthiness (jsonlogic.com/truthy): like JavaScript, except that an empty array is falsy.
 *
 * @example isTruthy([]) // false
 * @example isTruthy("0") // true
 */
export function isTruthy(value: unknown): boolean {
  if (Array.isArray(value) && value.length === 0) return false;
  return !!value;
}

/**
 * The number json-logic-js gets from `parseFloat(value)`. Numbers skip the string round trip
 * (which is exact for every number except -0, which parseFloat turns into 0; `+ 0` does the same).
 */
export function toFloat(value: unknown): number {
  return typeof value === "number" ? value + 0 : parseFloat(value as string);
}

/** Text view of a value for the string operators: numbers and booleans become text, others null. */
export function asText(value: unknown): string | null {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return null;
}

/** True for `{}`-style objects (prototype Object.prototype or null): what JSON.parse produces. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
