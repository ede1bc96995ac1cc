/**
 * Data lookups for `var` (and `missing`, which is defined in terms of `var`).
 *
 * The path syntax is json-logic-js's: dot-separated segments, numeric segments index arrays and
 * strings. Unlike json-logic-js, only own properties are read (an array's or a string's `length`
 * is an own property, so it still works) and the segments `__proto__`, `constructor` and
 * `prototype` never match: a rule must not be able to reach object internals.
 *
 * Data is JSON: plain objects, arrays and primitives. For a path written in the rule, whether each
 * segment needs an ownership test is decided when the rule is compiled (see `accessOf`); paths
 * computed during evaluation test every segment.
 */

import { isLogicNode } from "./logic-node";
import type { EvalEnv } from "./operators/types";

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
/** The prototypes JSON values can have (primitives are read through their wrappers' prototypes). */
const jsonPrototypes: readonly object[] = [Object.prototype, Array.prototype, String.prototype, Number.prototype, Boolean.prototype];

/** The array index a segment names ("0", "12"; not "01" or "1.5"), or -1. */
function arrayIndex(segment: string): number {
  if (!/^(?:0|[1-9]\d{0,9})$/.test(segment)) return -1;
  const index = Number(segment);
  return index < 4_294_967_295 ? index : -1;
}

/**
 * The own property `key` (array index `index`, or -1) of `container`, or undefined: the careful
 * read, for any segment. Callers have already refused forbidden segments; a function is never data.
 * The value is read before the ownership test because most lookups that miss, miss entirely, and
 * the test is the expensive part; lists are indexed by number, which spares the engine a
 * string-to-index conversion.
 */
function ownValue(container: unknown, key: string, index: number): unknown {
  if (typeof container === "object") {
    if (container === null) return undefined;
    const item = index >= 0 && Array.isArray(container);
    const value: unknown = item ? container[index] : (container as Record<string, unknown>)[key];
    return value !== undefined && typeof value !== "function" && hasOwn.call(container, item ? index : key) ? value : undefined;
  }
  // A string's indices and its length are own properties.
  if (typeof container === "string") return hasOwn.call(container, key) ? (container as unknown as Record<string, unknown>)[key] : undefined;
  return undefined;
}

// An empty list enumerates exactly the enumerable members of Array.prototype and Object.prototype.
const prototypeProbe: readonly unknown[] = [];
let prototypesUntouched = true;

/**
 * Called when an evaluation starts: notes whether anything enumerable has been added to
 * `Object.prototype` or `Array.prototype` (prototype pollution assigns such properties), in which
 * case plain fields are read with the ownership test until the next evaluation.
 */
export function checkPrototypes(): void {
  prototypesUntouched = true;
  for (const _ in prototypeProbe) prototypesUntouched = false;
}

/**
 * The field `key` of `container`, for a key that was on none of `jsonPrototypes` when the rule was
 * compiled: a primitive has no such own property, and a JSON object or array that holds a value
 * under that key holds it as its own. No ownership test, which is most of the cost of a careful
 * read. A function is never JSON: it can only be a method of an object that is not JSON (a Date, a
 * class instance), so it is not found. Fields that the prototype of such an object holds as data
 * (`Object.create({ secret: 1 })`) do show here: data must be JSON.
 */
function fieldOf(container: unknown, key: string): unknown {
  if (typeof container !== "object" || container === null) return undefined;
  const value = (container as Record<string, unknown>)[key];
  if (value === undefined || typeof value === "function") return undefined;
  return prototypesUntouched || hasOwn.call(container, key) ? value : undefined;
}

/** Segment access decided at compile time: an array index (≥ 0), a plain field, or a careful read. */
const plainField = -1;
const carefulRead = -2;

/** How a segment written in the rule is read. */
function accessOf(segment: string): number {
  const index = arrayIndex(segment);
  if (index >= 0) return index;
  return jsonPrototypes.some((proto) => segment in proto) ? carefulRead : plainField;
}

/** Reads one segment with the access decided for it. */
function readSegment(container: unknown, key: string, access: number): unknown {
  if (access === plainField) return fieldOf(container, key);
  // A JSON list has no holes, so an index below its length is an own element.
  if (access >= 0 && Array.isArray(container)) return access < container.length ? container[access] : undefined;
  return ownValue(container, key, access);
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

/** The value of `{"var": [path, fallback]}` against `data`, for a path computed during evaluation. */
export function readVar(data: unknown, path: unknown, fallback: unknown): unknown {
  const segments = pathSegments(path);
  if (segments === null) return data;
  return readPath(data, segments, fallback === undefined ? null : fallback);
}

/** `var` arguments that can be baked into a lookup: at most a path and a fallback, neither a rule nor a list. */
export function isLiteralVar(args: readonly unknown[]): boolean {
  return args.length <= 2 && args.every((arg) => !Array.isArray(arg) && !isLogicNode(arg));
}

/**
 * The first `length` segments of a path, read by `read` (undefined when absent): a rule that reads
 * several paths under `order.address` reads `order.address` once per evaluation.
 */
export interface PathPrefix {
  readonly length: number;
  readonly read: (data: unknown, env: EvalEnv) => unknown;
}

/**
 * A lookup specialised for a path known when the rule is compiled: split once, forbidden segments
 * resolved once, the access of every segment decided once and the usual short paths unrolled;
 * with a `prefix`, only the segments after it. Computes exactly what readVar computes on JSON data.
 */
export function createPathReader(path: unknown, fallback: unknown, prefix?: PathPrefix): (data: unknown, env: EvalEnv) => unknown {
  const segments = pathSegments(path);
  if (segments === null) return (data) => data;
  const notFound = fallback === undefined ? null : fallback;
  if (segments.some(isForbiddenSegment)) return () => notFound;
  if (prefix === undefined) return createSegmentsReader(segments, notFound);
  const read = prefix.read;
  if (prefix.length === segments.length) {
    return (data, env) => {
      const value = read(data, env);
      return value === undefined ? notFound : value;
    };
  }
  const rest = createSegmentsReader(segments.slice(prefix.length), notFound);
  return (data, env) => {
    const from = read(data, env);
    return from === undefined ? notFound : rest(from);
  };
}

/** Reads `segments` (none forbidden) from a value; `notFound` when a step is missing. */
export function createSegmentsReader(segments: readonly string[], notFound: unknown): (data: unknown) => unknown {
  const accesses = segments.map(accessOf);
  const [a, b, c] = segments as [string, string, string];
  const [ia, ib, ic] = accesses as [number, number, number];
  switch (segments.length) {
    case 1:
      return (data) => {
        const value = readSegment(data, a, ia);
        return value === undefined ? notFound : value;
      };
    case 2:
      return (data) => {
        const first = readSegment(data, a, ia);
        if (first === undefined) return notFound;
        const value = readSegment(first, b, ib);
        return value === undefined ? notFound : value;
      };
    case 3:
      return (data) => {
        const first = readSegment(data, a, ia);
        if (first === undefined) return notFound;
        const second = readSegment(first, b, ib);
        if (second === undefined) return notFound;
        const value = readSegment(second, c, ic);
        return value === undefined ? notFound : value;
      };
    default:
      return (data) => {
        let current = data;
        for (let i = 0; i < segments.length; i++) {
          current = readSegment(current, segments[i] as string, accesses[i] as number);
          if (current === undefined) return notFound;
        }
        return current;
      };
  }
}
