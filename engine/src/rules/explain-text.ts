/**
 * The words of explanations: values formatted for one line of text, and each operator's sentence
 * turned into a template once per rule, so that explaining an evaluation only formats values and
 * joins strings.
 */
import type { ArgText, ExplainKind, Operator } from "./operators/index";

function json(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** Whether JSON.stringify writes `text` as it is between quotes (it escapes `"`, `\`, control characters and lone surrogates). */
function isPlainText(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code === 0x22 || code === 0x5c || (code >= 0xd800 && code <= 0xdfff)) return false;
  }
  return true;
}

/** A text as JSON.stringify writes it, when it is short and needs no escapes: between quotes. */
const isPlainShortText = (value: unknown): value is string => typeof value === "string" && value.length <= 58 && isPlainText(value);

/** A value as it appears in explanation text: short, rounded, never more than a line. */
export function formatValue(value: unknown): string {
  switch (typeof value) {
    case "undefined":
      return "nothing";
    case "boolean":
      return value ? "true" : "false";
    case "number":
      return Number.isInteger(value) || !Number.isFinite(value) ? String(value) : String(Math.round(value * 100) / 100);
    default:
      if (value === null) return "null";
      if (isPlainShortText(value)) return `"${value}"`;
  }
  const text = json(value);
  if (Array.isArray(value) && text.length > 60) return `[${value.length} items]`;
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

/**
 * `words` followed by the formatted value. A text is appended between quotes rather than quoted
 * first: joining short texts of different encodings (`"` and `上海市`) copies them, while appending
 * to the longer words does not.
 */
export function withValue(words: string, value: unknown): string {
  return isPlainShortText(value) ? `${words}"${value}"` : words + formatValue(value);
}

/** An argument as it reads inline: a literal as itself, a field with its value, anything else with its value in parentheses. */
export function operandOf(kind: ExplainKind, label: string, value: unknown): string {
  if (kind === "literal") return label;
  if (kind === "var") return withValue(`${label} `, value);
  return `${withValue(`${label} (`, value)})`;
}

/** What the sentence of a call may rely on about one argument before any evaluation. */
export interface ArgShape {
  readonly kind: ExplainKind;
  /** For literals: the value itself. */
  readonly value: unknown;
  /** The argument's label when it never depends on data (always for literals), else undefined. */
  readonly fixedLabel: string | undefined;
}

/** A hole in a sentence: the operand (words and value) or the label (words only) of argument `index`. */
export interface Hole {
  readonly index: number;
  readonly operand: boolean;
}

/** A sentence with holes: parts[0], hole 0, parts[1], … ; `parts` has one more entry than `holes`. */
export interface Template {
  readonly parts: readonly string[];
  readonly holes: readonly Hole[];
}

/** The kind of a call with arguments of these kinds (operators decide it from kinds and literal values only). */
export function kindOfCall(op: Operator, args: readonly ArgText[]): ExplainKind {
  const kind = op.explain.kind;
  return typeof kind === "function" ? kind(args) : kind;
}

/** A character that occurs nowhere in `text`, to delimit the holes of sentences made from it. */
export function delimiterFor(text: string): string {
  let code = 0xe000;
  while (text.includes(String.fromCharCode(code))) code++;
  return String.fromCharCode(code);
}

/**
 * The sentence of `op` over `args` as a template, or null when it depends on the value of an
 * argument that is only known when evaluating (`in` reads differently for a list and a text).
 * `labels` asks for the label of the call (every argument by its label) instead of its text.
 * `delimiter` must occur nowhere in the rule, so that no literal can be mistaken for a hole.
 */
export function compileTemplate(op: Operator, args: readonly ArgShape[], labels: boolean, delimiter: string): Template | null {
  let readsValue = false;
  const placeholders: ArgText[] = args.map((arg, index) => {
    const label = `${delimiter}${index}l${delimiter}`;
    const operand = labels ? label : `${delimiter}${index}o${delimiter}`;
    if (arg.kind === "literal") return { label, operand, kind: arg.kind, value: arg.value };
    return {
      label,
      operand,
      kind: arg.kind,
      get value(): unknown {
        readsValue = true;
        return undefined;
      },
    };
  });
  const sentence = op.explain.text(placeholders);
  if (readsValue) return null;
  const pieces = sentence.split(new RegExp(`${delimiter}(\\d+)([lo])${delimiter}`));
  const parts: string[] = [pieces[0] as string];
  const holes: Hole[] = [];
  for (let i = 1; i < pieces.length; i += 3) {
    const index = Number(pieces[i]);
    const arg = args[index] as ArgShape;
    const operand = pieces[i + 1] === "o" && arg.kind !== "literal";
    const fixed = operand ? undefined : arg.fixedLabel;
    if (fixed === undefined) {
      holes.push({ index, operand });
      parts.push(pieces[i + 2] as string);
    } else {
      parts[parts.length - 1] += fixed + (pieces[i + 2] as string);
    }
  }
  return { parts, holes };
}
