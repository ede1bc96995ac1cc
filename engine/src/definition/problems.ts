/**
 * What the validator reports, and the small helpers every check uses to say
 * where a problem is (RFC 6901 JSON pointers) and what it is about, in words
 * operations staff understand.
 */

export type ProblemSeverity = "error" | "warning";

/**
 * One thing wrong with a flow. `code` is stable so the designer can translate
 * the message; `pointer` says where (e.g. `/nodes/3/retry/maxAttempts`).
 */
export interface FlowProblem {
  pointer: string;
  code: string;
  message: string;
  severity: ProblemSeverity;
}

export function problem(pointer: string, code: string, message: string, severity: ProblemSeverity = "error"): FlowProblem {
  return { pointer, code, message, severity };
}

/** Appends reference tokens to a pointer, escaping `~` and `/` as RFC 6901 asks. */
export function pointerTo(base: string, ...tokens: (string | number)[]): string {
  return base + tokens.map((token) => "/" + String(token).replaceAll("~", "~0").replaceAll("/", "~1")).join("");
}

/** The reference tokens of a pointer, unescaped. */
export function pointerTokens(pointer: string): string[] {
  return pointer === "" ? [] : pointer.slice(1).split("/").map((token) => token.replaceAll("~1", "/").replaceAll("~0", "~"));
}

/** Whether `pointer` is `base` or lies inside it. */
export function isWithin(pointer: string, base: string): boolean {
  return pointer === base || pointer.startsWith(base + "/");
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** `"pick" (task)`, or a position when the node has no usable id. */
export function nodeLabel(node: unknown, index?: number): string {
  const id = isRecord(node) && typeof node.id === "string" ? `"${node.id}"` : index === undefined ? "without an id" : `#${index + 1}`;
  const kind = isRecord(node) && typeof node.kind === "string" ? ` (${node.kind})` : "";
  return `node ${id}${kind}`;
}

/** A field path for people: `retry.maxAttempts`, `escalations[0].after`. */
export function fieldPath(tokens: readonly string[]): string {
  return tokens.map((token, i) => (/^\d+$/.test(token) ? `[${token}]` : i === 0 ? token : `.${token}`)).join("");
}

/** `"a", "b" and "c"`; `or` for alternatives. */
export function listOf(values: readonly unknown[], conjunction: "and" | "or" = "and"): string {
  const quoted = values.map((value) => JSON.stringify(value));
  return quoted.length <= 1 ? (quoted[0] ?? "none") : `${quoted.slice(0, -1).join(", ")} ${conjunction} ${quoted.at(-1)}`;
}

/**
 * The choice to make, as the object of "must be …" or "use …": `"a"` when there is
 * one value, `one of "a", "b" or "c"` when there are several. A caller that may
 * have no values says what to do instead.
 */
export function oneOf(values: readonly unknown[]): string {
  return values.length === 1 ? JSON.stringify(values[0]) : `one of ${listOf(values, "or")}`;
}

/**
 * One message from sentence parts: each part is trimmed and ends with a full
 * stop unless it already ends with ".", "?" or "!"; empty parts are left out.
 * Parts that come from elsewhere (a suggestion, a rule's message) need no care.
 *
 * @example sentences('Edge "e2" leads to "dnoe", but no node has that id', suggestion("dnoe", ["done"]), "Connect it")
 *          // → 'Edge "e2" leads to "dnoe", but no node has that id. Did you mean "done"? Connect it.'
 */
export function sentences(...parts: string[]): string {
  return parts
    .map((part) => part.trim())
    .filter((part) => part !== "")
    .map((part) => (/[.?!]$/.test(part) ? part : `${part}.`))
    .join(" ");
}

export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * The known name closest to a misspelt one (edit distance at most a third of
 * its length, at least 2), or undefined when none is close.
 */
export function closestName(name: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(name.length / 3)) + 1;
  for (const candidate of candidates) {
    const distance = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** `Did you mean "x"?`, or nothing: a part for `sentences`. */
export function suggestion(name: string, candidates: Iterable<string>): string {
  return didYouMean(closestName(name, candidates));
}

/** `Did you mean "x"?` for a name found some other way than by spelling, or nothing. */
export function didYouMean(name: string | undefined): string {
  return name === undefined ? "" : `Did you mean "${name}"?`;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/** What a pointer is about, for messages: a subject ("node "pick" (task)") and the field inside it. */
export interface ProblemLocation {
  subject: string;
  field: string[];
}

/** Names the part of a flow document a pointer lies in. */
export function locateInFlow(document: unknown, pointer: string): ProblemLocation {
  const tokens = pointerTokens(pointer);
  const [section, key, ...rest] = tokens;
  const doc = isRecord(document) ? document : {};
  if (key !== undefined && (section === "nodes" || section === "edges" || section === "alerts") && /^\d+$/.test(key)) {
    const item = Array.isArray(doc[section]) ? (doc[section] as unknown[])[Number(key)] : undefined;
    if (section === "nodes") return { subject: nodeLabel(item, Number(key)), field: rest };
    const name = section === "edges" ? "edge" : "alert";
    const id = isRecord(item) && typeof item.id === "string" ? `"${item.id}"` : `#${Number(key) + 1}`;
    return { subject: `${name} ${id}`, field: rest };
  }
  if (key !== undefined && section === "forms") return { subject: `form "${key}"`, field: rest };
  if (section === "trigger") return { subject: "the trigger", field: tokens.slice(1) };
  return { subject: "the flow", field: tokens };
}
