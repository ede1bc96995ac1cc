/**
 * The one error type the rules module throws. Messages name what was wrong, where (a JSON pointer
 * into the rule when known) and how to fix it, so they can be shown to the person editing the rule.
 */
export class RuleError extends Error {
  /** JSON pointer into the rule, when the problem is tied to one place in it. */
  readonly pointer: string | undefined;

  constructor(message: string, pointer?: string) {
    super(pointer === undefined || pointer === "" ? message : `${message} (at ${pointer})`);
    this.name = "RuleError";
    this.pointer = pointer;
  }
}

/** Wraps anything thrown by an operator implementation so callers only ever see a RuleError. */
export function asRuleError(error: unknown, context: string): RuleError {
  if (error instanceof RuleError) return error;
  const detail = error instanceof Error ? error.message : String(error);
  return new RuleError(`${context}: ${detail}`);
}
