/**
 * Data lookups for `var` (and `missing`, which is defined in terms of `var`).
 *
 * The path syntax is json-logic-js's: dot-separated segments, numeric segments index arrays and
 * strings. Unlike json-logic-js, only own properties are read (an array's or a string's `length`
 * is an own property, so it still works) and the segments `__proto__`, `constructor` and
 * `prototype` never match: a rule must not be able to reach object internals.
 */

const forbiddenSegments: ReadonlySet<string> = new Set(["__proto__", "constructor", "prototype"]);

/** True for path segments that can never be read. */
export function isForbiddenSegment(segment: string): boolean {
  return forbiddenSegments.has(segment);
}

/** The segments of a `var` path, or null when the path stands for the whole data (`""`, null, absent). */
export function pathSegments(path: unknown): string[] | null {
  if (path === undefined || path === null || path === "") return null;
  return String(path).split(".");
}

const hasOwn = Object.prototype.hasOwnProperty;

/** The array index a segment names ("0", "12"; not "01" or "1.5"), or -1. */
function arrayIndex(segment: string): number {
  if (!/^(?:0|[1-9]\d{0,9})$/.test(segment)) return -1;
  const index = Number(segment);
  return index < 4_294_967_295 ? index : -1;
}

/**
 * The own property `key` (array index `index`, or -1) of `container`, or undefined. Callers have
 * already refused forbidden segments. The value is read before the ownership test because most
 * lookups that miss, miss entirely, and the test is the expensive part; lists are indexed by
 * number, which spares the engine a string-to-index conversion.
 */
function ownValue(container: unknown, key: string, index: number): unknown {
  if (typeof container === "object") {
    if (container === null) return undefined;
    if (index >= 0 && Array.isArray(container)) {
      const item: unknown = container[index];
      return item !== undefined && hasOwn.call(container, index) ? item : undefined;
    }
    const value = (container as Record<string, unknown>)[key];
    return value !== undefined && hasOwn.call(container, key) ? value : undefined;
  }
  // A string's indices and its length are own properties.
  if (typeof container === "string") return hasOwn.call(container, key) ? (container as unknown as Record<string, unknown>)[key] : undefined;
  return undefined;
}

/** Follows `segments` into `data`; `notFound` when a step is missing, as json-logic-js does. */
function readPath(data: unknown, segments: readonly string[], notFound: unknown): unknown {
  if (segments.some(isForbiddenSegment)) return notFound;
  let current = data;
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i] as string;
    current = ownValue(current, segment, arrayIndex(segment));
    if (current === undefined) return notFound;
  }
  return current;
}

/** The value of `{"var": [path, fallback]}` against `data`. */
export function readVar(data: unknown, path: unknown, fallback: unknown): unknown {
  const segments = pathSegments(path);
  if (segments === null) return data;
  return readPath(data, segments, fallback === undefined ? null : fallback);
}

/**
 * A lookup specialised for a path known when the rule is compiled: split once, forbidden segments
 * resolved once, and the usual short paths unrolled. Computes exactly what readVar computes.
 */
export function createPathReader(path: unknown, fallback: unknown): (data: unknown) => unknown {
  const segments = pathSegments(path);
  if (segments === null) return (data) => data;
  const notFound = fallback === undefined ? null : fallback;
  if (segments.some(isForbiddenSegment)) return () => notFound;
  const [a, b, c] = segments as [string, string, string];
  const [ia, ib, ic] = segments.map(arrayIndex) as [number, number, number];
  switch (segments.length) {
    case 1:
      return (data) => {
        const value = ownValue(data, a, ia);
        return value === undefined ? notFound : value;
      };
    case 2:
      return (data) => {
        const first = ownValue(data, a, ia);
        if (first === undefined) return notFound;
        const value = ownValue(first, b, ib);
        return value === undefined ? notFound : value;
      };
    case 3:
      return (data) => {
        const first = ownValue(data, a, ia);
        if (first === undefined) return notFound;
        const second = ownValue(first, b, ib);
        if (second === undefined) return notFound;
        const value = ownValue(second, c, ic);
        return value === undefined ? notFound : value;
      };
    default:
      return (data) => readPath(data, segments, notFound);
  }
}
