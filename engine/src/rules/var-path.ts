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

function ownValue(container: unknown, key: string): unknown {
  if ((typeof container !== "object" && typeof container !== "string") || container === null) return undefined;
  // Object.hasOwn boxes strings, whose indices and length are own properties.
  if (forbiddenSegments.has(key)) return undefined;
  return (container as Record<string, unknown>)[key];
}

/** Follows `segments` into `data`; `notFound` when a step is missing, as json-logic-js does. */
export function readPath(data: unknown, segments: readonly string[], notFound: unknown): unknown {
  let current = data;
  for (const segment of segments) {
    if (current === null || current === undefined) return notFound;
    current = ownValue(current, segment);
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
 * A lookup specialised for a path known when the rule is compiled: the split is done once and a
 * forbidden segment short-circuits to the fallback without touching the data.
 */
export function createPathReader(path: unknown, fallback: unknown): (data: unknown) => unknown {
  const segments = pathSegments(path);
  if (segments === null) return (data) => data;
  const notFound = fallback === undefined ? null : fallback;
  if (segments.some(isForbiddenSegment)) return () => notFound;
  if (segments.length === 1) {
    const key = segments[0] as string;
    return (data) => {
      if (data === null || data === undefined) return notFound;
      const value = ownValue(data, key);
      return value === undefined ? notFound : value;
    };
  }
  return (data) => readPath(data, segments, notFound);
}
