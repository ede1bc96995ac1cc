/**
 * What the designer renders for a set of props: the JSON Schema (shared by
 * every language) and an RJSF uiSchema in the staff member's language, with
 * the widget each prop asks for.
 */
import type { TSchema } from "@sinclair/typebox";
import type { Locale, LocalizedText } from "../localized";
import { propsSchema, type Props } from "./prop";

export interface PropsForm {
  schema: Record<string, unknown>;
  uiSchema: Record<string, unknown>;
}

/** RJSF widget names for the SDK's `x-widget` hints. */
const WIDGETS: Record<string, string> = { password: "password", textarea: "textarea", json: "textarea" };

/** @example formFor(action.props, "zh") // → { schema, uiSchema } for <Form schema uiSchema /> */
export function formFor(props: Props, locale: Locale): PropsForm {
  const schema = propsSchema(props);
  return { schema: JSON.parse(JSON.stringify(schema)) as Record<string, unknown>, uiSchema: uiFor(schema, locale) };
}

function uiFor(schema: TSchema, locale: Locale): Record<string, unknown> {
  const ui: Record<string, unknown> = {};
  const title = schema["x-title"] as LocalizedText | undefined;
  const description = schema["x-description"] as LocalizedText | undefined;
  if (title) ui["ui:title"] = title[locale];
  if (description) ui["ui:description"] = description[locale];
  const widget = schema["x-widget"] as string | undefined;
  if (widget && WIDGETS[widget]) ui["ui:widget"] = WIDGETS[widget];
  const options = schema["x-options"] as { label: LocalizedText }[] | undefined;
  if (options) ui["ui:enumNames"] = options.map((o) => o.label[locale]);
  const examples = schema["examples"] as unknown[] | undefined;
  if (typeof examples?.[0] === "string") ui["ui:placeholder"] = examples[0];
  const properties = schema["properties"] as Record<string, TSchema> | undefined;
  if (properties) {
    for (const [key, child] of Object.entries(properties)) ui[key] = uiFor(child, locale);
  }
  const items = schema["items"] as TSchema | undefined;
  if (items && !Array.isArray(items)) ui["items"] = uiFor(items, locale);
  return ui;
}
