/**
 * The one way this package makes an Ajv instance, so flows and staff forms are
 * checked with the same options and the same formats as the designer's forms.
 */
import { Ajv } from "ajv";
import addFormats from "ajv-formats";

/** The field formats of staff forms, each drawn by the designer as the widget of the same name. */
export const FORM_FIELD_FORMATS = {
  /** The id of an uploaded file: the camera widget uploads first, then stores the id. */
  photo: { type: "string", validate: (value: string) => /^\S+$/.test(value) },
  /** What the scanner read: printable, not padded. */
  barcode: { type: "string", validate: (value: string) => value.length > 0 && value.trim() === value && !/\p{Cc}/u.test(value) },
  /** Kilograms from the scale. */
  weight: { type: "number", validate: (value: number) => Number.isFinite(value) && value >= 0 },
} as const;

export type FormFieldFormat = keyof typeof FORM_FIELD_FORMATS;

/**
 * A new Ajv (JSON Schema draft-07, every error reported, the standard formats
 * and orderflow's form formats). `verbose` keeps the failing schema and data
 * on each error, which the plain-language messages need.
 *
 * @example const validate = createAjv().compile({ type: "object" });
 */
export function createAjv(): Ajv {
  const ajv = new Ajv({ allErrors: true, verbose: true, strictTypes: false, strictTuples: false, strictRequired: false });
  addFormats(ajv);
  for (const [name, format] of Object.entries(FORM_FIELD_FORMATS)) {
    ajv.addFormat(name, format as { type: "string"; validate: (value: string) => boolean });
  }
  return ajv;
}
