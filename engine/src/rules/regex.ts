import { RuleError } from "./errors";

/** Longest pattern `matches` accepts; long patterns are where catastrophic backtracking hides. */
const maxPatternLength = 200;

// g and y make RegExp.test stateful (lastIndex), so one evaluation could change the next.
const allowedFlags = /^(?!.*(.).*\1)[imsu]*$/;
const cacheLimit = 500;
const compiled = new Map<string, RegExp>();

/** Why `pattern`/`flags` cannot be used by `matches`, or null when they can. */
export function patternProblem(pattern: unknown, flags: unknown): string | null {
  if (typeof pattern !== "string") {
    return `The pattern of "matches" must be a text, got ${JSON.stringify(pattern) ?? String(pattern)}`;
  }
  if (pattern.length > maxPatternLength) {
    return `The pattern of "matches" is ${pattern.length} characters long; keep it at most ${maxPatternLength}`;
  }
  if (flags !== undefined && flags !== null && (typeof flags !== "string" || !allowedFlags.test(flags))) {
    return `The flags of "matches" may only combine "i", "m", "s" and "u", got ${JSON.stringify(flags)}`;
  }
  try {
    new RegExp(pattern, typeof flags === "string" ? flags : "");
  } catch (error) {
    return `The pattern of "matches" is not a valid regular expression (${(error as Error).message}); fix its syntax`;
  }
  return null;
}

/** The compiled regular expression for a pattern, compiled once and cached. */
export function regexFor(pattern: unknown, flags: unknown): RegExp {
  if (typeof pattern !== "string" || (flags !== undefined && flags !== null && typeof flags !== "string")) {
    throw new RuleError(patternProblem(pattern, flags) as string);
  }
  const flagText = flags ?? "";
  const key = `${flagText}/${pattern}`;
  let regex = compiled.get(key);
  if (regex === undefined) {
    const problem = patternProblem(pattern, flags);
    if (problem !== null) throw new RuleError(problem);
    regex = new RegExp(pattern, flagText);
    if (compiled.size >= cacheLimit) compiled.delete(compiled.keys().next().value as string);
    compiled.set(key, regex);
  }
  return regex;
}
