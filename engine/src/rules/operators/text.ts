/**
 * Text operators. Numbers and booleans are read as their text (a phone number stored as a number
 * still matches a pattern); other values make predicates false and transforms null.
 */
import { asText } from "../coerce";
import { isScalarLiteral } from "../logic-node";
import { patternProblem, regexFor } from "../regex";
import type { FixedOperator, Operator } from "./types";

/**
 * `starts_with` / `ends_with`: whether a text begins / ends with another.
 *
 * @example {"starts_with": [{"var": "order.address.phone"}, "+86"]}
 */
function affix(name: string, words: string, holds: (text: string, affix: string) => boolean): FixedOperator {
  return {
    name,
    form: "fixed",
    arity: { min: 2, max: 2, usage: "a text and the text to look for" },
    apply: (value, part) => {
      const text = asText(value);
      const search = asText(part);
      return text !== null && search !== null && holds(text, search);
    },
    explain: { kind: "condition", text: ([a, b]) => `${a?.operand} ${words} ${b?.operand}` },
  };
}

/**
 * `lower`, `upper`, `trim`: the text transformed; null for values that are not text.
 *
 * @example {"==": [{"lower": {"var": "order.channel"}}, "tmall"]}
 */
function transform(name: string, words: (operand: string) => string, change: (text: string) => string): FixedOperator {
  return {
    name,
    form: "fixed",
    arity: { min: 1, max: 1, usage: "a text" },
    apply: (value) => {
      const text = asText(value);
      return text === null ? null : change(text);
    },
    explain: { kind: "value", text: ([a]) => words(a?.operand ?? "") },
  };
}

function codePointCount(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0xd800 || unit > 0xdbff || i + 1 === text.length) count++;
    else {
      const next = text.charCodeAt(i + 1);
      count++;
      if (next >= 0xdc00 && next <= 0xdfff) i++;
    }
  }
  return count;
}

function matches(value: unknown, regex: RegExp): boolean {
  const text = asText(value);
  return text !== null && regex.test(text);
}

export const textOperators: readonly Operator[] = [
  affix("starts_with", "starts with", (text, part) => text.startsWith(part)),
  affix("ends_with", "ends with", (text, part) => text.endsWith(part)),
  transform("lower", (a) => `${a} in lower case`, (text) => text.toLowerCase()),
  transform("upper", (a) => `${a} in upper case`, (text) => text.toUpperCase()),
  transform("trim", (a) => `${a} without surrounding spaces`, (text) => text.trim()),
  /**
   * `length`: characters in a text (an emoji counts once) or items in a list; 0 for null, null for
   * anything else.
   *
   * @example {">=": [{"length": {"var": "order.address.detail"}}, 5]}
   */
  {
    name: "length",
    form: "fixed",
    arity: { min: 1, max: 1, usage: "a text or a list" },
    apply: (value) => {
      if (typeof value === "string") return codePointCount(value);
      if (Array.isArray(value)) return value.length;
      return value === null || value === undefined ? 0 : null;
    },
    explain: { kind: "value", text: ([a]) => `length of ${a?.operand}` },
  },
  /**
   * `matches`: whether a text matches a regular expression ([text, pattern, flags?]; flags from
   * "imsu"). Patterns are compiled once and cached; longer than 200 characters is refused.
   *
   * @example {"matches": [{"var": "order.address.phone"}, "^1[3-9]\\d{9}$"]}
   */
  {
    name: "matches",
    form: "fixed",
    arity: { min: 2, max: 3, usage: "a text, a pattern and optionally flags" },
    validate: (args) => {
      if (!isScalarLiteral(args[1]) || (args.length > 2 && !isScalarLiteral(args[2]))) return null;
      const problem = patternProblem(args[1], args[2]);
      return problem === null ? null : { index: 1, message: problem };
    },
    apply: (value, pattern, flags) => matches(value, regexFor(pattern, flags)),
    specialize: (args, compiled) => {
      if (!isScalarLiteral(args[1]) || (args.length > 2 && !isScalarLiteral(args[2])) || args.length > 3) return undefined;
      const regex = regexFor(args[1], args[2]);
      const text = compiled[0];
      if (text === undefined) return () => false;
      return (data, env) => matches(text(data, env), regex);
    },
    explain: {
      kind: "condition",
      text: ([a, pattern, flags]) =>
        `${a?.operand} matches the pattern ${pattern?.operand}${flags === undefined ? "" : ` (flags ${flags.operand})`}`,
    },
  },
];
