/**
 * A mapping (see definition/mapping.ts for how its values are read) compiled
 * once into a function that builds the mapped object: expressions are
 * compiled rules, nested mappings and lists are built field by field, and
 * literals are passed as they are. Compiled mappings are kept by mapping
 * object, as compiled rules are: a flow's mappings are never changed once compiled.
 */
import { readMappingValue } from "../definition/mapping";
import { compileRule, type EvaluateOptions } from "../rules/index";

type Build = (data: unknown, options: EvaluateOptions) => unknown;

export interface CompiledMapping {
  /** The mapped object; throws a MappingFieldError naming the field (`recipient.phone`, `parcels[0].weightKg`) whose rule failed. */
  evaluate(data: unknown, options: EvaluateOptions): Record<string, unknown>;
}

export class MappingFieldError extends Error {
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(`${field}: ${reason}`);
    this.name = "MappingFieldError";
  }
}

const compiled = new WeakMap<object, CompiledMapping>();

/**
 * @example compileMapping({ recipient: { name: { var: "input.buyer.name" } } }).evaluate(data, { now }) // { recipient: { name: "张三" } }
 */
export function compileMapping(mapping: Record<string, unknown>): CompiledMapping {
  let found = compiled.get(mapping);
  if (found === undefined) {
    const build = buildObject(mapping, "");
    found = { evaluate: (data, options) => build(data, options) as Record<string, unknown> };
    compiled.set(mapping, found);
  }
  return found;
}

function buildValue(value: unknown, field: string): Build {
  const read = readMappingValue(value);
  switch (read.kind) {
    case "literal":
      return () => read.value;
    case "object":
      return buildObject(read.fields, field);
    case "list": {
      const items = read.items.map((item, index) => buildValue(item, `${field}[${index}]`));
      return (data, options) => items.map((item) => item(data, options));
    }
    case "expression": {
      let rule: ReturnType<typeof compileRule>;
      try {
        rule = compileRule(read.rule);
      } catch (error) {
        // Only a flow that skipped validation gets here: the field fails when it is evaluated, as it would have.
        return () => {
          throw new MappingFieldError(field, error instanceof Error ? error.message : String(error));
        };
      }
      return (data, options) => {
        try {
          return rule.evaluate(data, options);
        } catch (error) {
          throw new MappingFieldError(field, error instanceof Error ? error.message : String(error));
        }
      };
    }
  }
}

function buildObject(fields: Record<string, unknown>, path: string): Build {
  const names = Object.keys(fields);
  const builds = names.map((name) => buildValue(fields[name], path === "" ? name : `${path}.${name}`));
  return (data, options) => {
    const result: Record<string, unknown> = {};
    for (let i = 0; i < names.length; i++) result[names[i]!] = builds[i]!(data, options);
    return result;
  };
}
