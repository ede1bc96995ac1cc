/**
 * Typed props: one declaration gives the JSON Schema the designer renders
 * with RJSF, the uiSchema for its widgets, and the TypeScript type of `run`'s
 * input. A prop is a TypeBox schema carrying its bilingual label in `x-title`
 * (and `title`, in English, for tools that know only JSON Schema); an
 * optional prop is wrapped in `Type.Optional`, so `Static` types it `?:`.
 *
 * @example
 * const props = {
 *   shop: Prop.text({ label: { zh: "店铺", en: "Shop" } }),
 *   speed: Prop.select({ label: { zh: "时效", en: "Speed" }, options: [
 *     { value: "standard", label: { zh: "标准", en: "Standard" } },
 *     { value: "express", label: { zh: "加急", en: "Express" } },
 *   ], required: false }),
 * };
 * // run's input: { shop: string; speed?: "standard" | "express" }
 */
import { Type, type Static, type TArray, type TBoolean, type TInteger, type TNumber, type TObject, type TOptional, type TSchema, type TString, type TUnknown, type TUnsafe } from "@sinclair/typebox";
import type { LocalizedText } from "../localized";

export interface PropOptions {
  label: LocalizedText;
  description?: LocalizedText;
  /** Defaults to true. */
  required?: boolean;
}

/** The props of an action, a trigger or a connector's configuration. */
export type Props = Record<string, TSchema>;

/** The value `run` receives for a set of props. */
export type PropsValue<P extends Props> = Static<TObject<P>>;

type Maybe<R, S extends TSchema> = R extends false ? TOptional<S> : S;

function finish<S extends TSchema, R extends boolean | undefined>(schema: S, options: PropOptions & { required?: R }): Maybe<R, S> {
  const described = Object.assign(schema, {
    title: options.label.en,
    "x-title": options.label,
    ...(options.description ? { description: options.description.en, "x-description": options.description } : {}),
  });
  return (options.required === false ? Type.Optional(described) : described) as Maybe<R, S>;
}

export interface SelectOption<V extends string> {
  value: V;
  label: LocalizedText;
}

export const Prop = {
  text<R extends boolean | undefined = undefined>(
    options: PropOptions & { required?: R; multiline?: boolean; format?: "uri" | "email" | "date-time"; pattern?: string; minLength?: number; maxLength?: number; default?: string; placeholder?: string },
  ): Maybe<R, TString> {
    const { multiline, placeholder, format, pattern, minLength, maxLength } = options;
    const schema = Type.String({
      ...(format ? { format } : {}),
      ...(pattern ? { pattern } : {}),
      ...(minLength === undefined ? {} : { minLength }),
      ...(maxLength === undefined ? {} : { maxLength }),
      ...(options.default === undefined ? {} : { default: options.default }),
      ...(multiline ? { "x-widget": "textarea" } : {}),
      ...(placeholder ? { examples: [placeholder] } : {}),
    });
    return finish(schema, options);
  },

  /** A credential: write-only, drawn as a password field, sealed at rest and redacted from every API answer. */
  secret<R extends boolean | undefined = undefined>(options: PropOptions & { required?: R }): Maybe<R, TString> {
    return finish(Type.String({ minLength: 1, writeOnly: true, "x-secret": true, "x-widget": "password" }), options);
  },

  number<R extends boolean | undefined = undefined>(
    options: PropOptions & { required?: R; minimum?: number; maximum?: number; default?: number },
  ): Maybe<R, TNumber> {
    const { minimum, maximum } = options;
    return finish(Type.Number({ ...(minimum === undefined ? {} : { minimum }), ...(maximum === undefined ? {} : { maximum }), ...(options.default === undefined ? {} : { default: options.default }) }), options);
  },

  integer<R extends boolean | undefined = undefined>(
    options: PropOptions & { required?: R; minimum?: number; maximum?: number; default?: number },
  ): Maybe<R, TInteger> {
    const { minimum, maximum } = options;
    return finish(Type.Integer({ ...(minimum === undefined ? {} : { minimum }), ...(maximum === undefined ? {} : { maximum }), ...(options.default === undefined ? {} : { default: options.default }) }), options);
  },

  boolean<R extends boolean | undefined = undefined>(options: PropOptions & { required?: R; default?: boolean }): Maybe<R, TBoolean> {
    return finish(Type.Boolean(options.default === undefined ? {} : { default: options.default }), options);
  },

  /** A dropdown; each option has its own bilingual label. */
  select<const V extends string, R extends boolean | undefined = undefined>(
    options: PropOptions & { required?: R; options: readonly SelectOption<V>[]; default?: NoInfer<V> },
  ): Maybe<R, TUnsafe<V>> {
    if (options.options.length === 0) throw new TypeError(`Prop.select "${options.label.en}" has no options: give at least one`);
    const schema = Type.Unsafe<V>({
      type: "string",
      enum: options.options.map((o) => o.value),
      "x-options": options.options.map((o) => ({ value: o.value, label: o.label })),
      ...(options.default === undefined ? {} : { default: options.default }),
    });
    return finish(schema, options);
  },

  /** Any JSON value, edited as JSON text. */
  json<R extends boolean | undefined = undefined>(options: PropOptions & { required?: R }): Maybe<R, TUnknown> {
    return finish(Type.Unknown({ "x-widget": "json" }), options);
  },

  array<S extends TSchema, R extends boolean | undefined = undefined>(
    options: PropOptions & { required?: R; items: S; minItems?: number; maxItems?: number },
  ): Maybe<R, TArray<S>> {
    const { minItems, maxItems } = options;
    return finish(Type.Array(options.items, { ...(minItems === undefined ? {} : { minItems }), ...(maxItems === undefined ? {} : { maxItems }) }), options);
  },

  /** A group of props; unknown fields are refused so a misspelt key is caught. */
  object<P extends Props, R extends boolean | undefined = undefined>(options: PropOptions & { required?: R; props: P }): Maybe<R, TObject<P>> {
    return finish(Type.Object(options.props, { additionalProperties: false }), options);
  },
};

/** The JSON Schema of a set of props, as validated at run time and rendered by the designer. */
export function propsSchema<P extends Props>(props: P): TObject<P> {
  return Type.Object(props, { additionalProperties: false });
}
