/**
 * The photo fields of submitted form data: each value of a field whose
 * schema has format "photo", with its JSON pointer, found by walking the
 * schema and the data together (nested groups and repeated rows included).
 */
type Schema = Record<string, unknown>;

export interface PhotoValue {
  pointer: string;
  fileId: string;
}

export function photoValues(schema: unknown, data: unknown, pointer = ""): PhotoValue[] {
  if (!isRecord(schema)) return [];
  if (schema.format === "photo") return typeof data === "string" ? [{ pointer, fileId: data }] : [];
  if (isRecord(data) && isRecord(schema.properties)) {
    const properties = schema.properties;
    return Object.keys(data).flatMap((key) => (Object.hasOwn(properties, key) ? photoValues(properties[key], data[key], `${pointer}/${escape(key)}`) : []));
  }
  if (Array.isArray(data) && isRecord(schema.items)) return data.flatMap((item, index) => photoValues(schema.items, item, `${pointer}/${index}`));
  return [];
}

function escape(token: string): string {
  return token.replaceAll("~", "~0").replaceAll("/", "~1");
}

function isRecord(value: unknown): value is Schema {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
