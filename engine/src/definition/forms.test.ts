import { describe, expect, it } from "vitest";
import { checkForm, validateFormData } from "./forms";
import type { FormDefinition } from "./schema";
import { PACK_FORM, problemAt } from "./test-flows";

const form = (schema: Record<string, unknown>, uiSchema?: Record<string, unknown>): FormDefinition => ({ title: "Test", schema, ...(uiSchema ? { uiSchema } : {}) });
const fields = (properties: Record<string, unknown>, extra: Record<string, unknown> = {}) => form({ type: "object", properties, ...extra });

describe("checkForm", () => {
  it("accepts a form with photo, weight and a repeatable group of barcodes", () => {
    expect(checkForm(PACK_FORM, "/forms/pack")).toEqual([]);
  });

  it('needs type "object" at the root', () => {
    const found = problemAt(checkForm(form({ type: "array" }), "/forms/f"), "invalid_form", "/forms/f/schema/type");
    expect(found.message).toBe('Form "f": the schema\'s type must be "object" (a form is a group of fields), not the text "array".');
  });

  it("refuses required fields that do not exist, also inside repeatable groups", () => {
    const problems = checkForm(
      fields({ weight: { type: "number" }, parcels: { type: "array", items: { type: "object", required: ["barcod"], properties: { barcode: { type: "string" } } } } }, { required: ["wieght"] }),
      "/forms/f",
    );
    expect(problemAt(problems, "invalid_form", "/forms/f/schema/required/0").message).toContain('"wieght" is listed as required, but the form has no such field. Did you mean "weight"?');
    expect(problemAt(problems, "invalid_form", "/forms/f/schema/properties/parcels/items/required/0").message).toContain('"parcels[]" has no such field. Did you mean "barcode"?');
  });

  it("refuses unknown formats and formats on the wrong type", () => {
    const problems = checkForm(fields({ kg: { type: "number", format: "wieght" }, scan: { type: "number", format: "barcode" } }), "/forms/f");
    expect(problemAt(problems, "invalid_form", "/forms/f/schema/properties/kg/format").message).toContain('field "kg" has the format "wieght", which does not exist. Did you mean "weight"?');
    expect(problemAt(problems, "invalid_form", "/forms/f/schema/properties/scan/type").message).toContain('has the format "barcode", which needs type "string"');
  });

  it("refuses unknown widgets and device widgets on the wrong type", () => {
    const problems = checkForm(fields({ kg: { type: "string" }, pic: { type: "string" } }, {}), "/forms/f");
    expect(problems).toEqual([]);
    const withUi = form({ type: "object", properties: { kg: { type: "string" }, pic: { type: "string" } } }, { kg: { "ui:widget": "weight" }, pic: { "ui:widget": "camera" } });
    const found = checkForm(withUi, "/forms/f");
    expect(problemAt(found, "invalid_form", "/forms/f/uiSchema/kg/ui:widget").message).toContain('the widget "weight" is for fields of type "number", but field "kg" has type "string"');
    expect(problemAt(found, "invalid_form", "/forms/f/uiSchema/pic/ui:widget").message).toContain('uses the widget "camera", which does not exist.');
  });

  it("warns about uiSchema entries for fields the form does not have", () => {
    const found = problemAt(checkForm(form({ type: "object", properties: { weight: { type: "number" } } }, { wieght: {} }), "/forms/f"), "invalid_form", "/forms/f/uiSchema/wieght");
    expect(found.severity).toBe("warning");
    expect(found.message).toContain('Did you mean "weight"?');
  });

  it("points at a misspelt JSON Schema keyword", () => {
    const found = problemAt(checkForm(fields({ weight: { type: "number", minimun: 0 } }), "/forms/f"), "invalid_form", "/forms/f/schema/properties/weight/minimun");
    expect(found.message).toBe('Form "f": the schema uses "minimun", which is not a JSON Schema keyword. Did you mean "minimum"? Fix or remove it.');
  });

  it("explains a schema that JSON Schema itself refuses", () => {
    const found = problemAt(checkForm(fields({ weight: { type: "nummber" } }), "/forms/f"), "invalid_form", "/forms/f/schema/properties/weight/type");
    expect(found.message).toContain('"schema.properties.weight.type" must be one of "array", "boolean", "integer", "null", "number", "object" or "string", not the text "nummber"');
  });
});

describe("validateFormData", () => {
  const good = { weight: 1.25, photo: "file_123", parcels: [{ barcode: "SF1234567890" }] };

  it("accepts data that fits the form", () => {
    expect(validateFormData(PACK_FORM, good)).toEqual([]);
  });

  it("says a weight must be kilograms", () => {
    expect(validateFormData(PACK_FORM, { ...good, weight: "heavy" })).toEqual([{ path: "/weight", message: "Weight (kg): must be a number of kilograms, e.g. 1.25" }]);
    expect(validateFormData(PACK_FORM, { ...good, weight: -2 })).toEqual([{ path: "/weight", message: "Weight (kg): must be a number of kilograms, e.g. 1.25" }]);
  });

  it("names a missing required field by its key when it has no title", () => {
    const { photo: _, ...withoutPhoto } = good;
    expect(validateFormData(PACK_FORM, withoutPhoto)).toEqual([{ path: "/photo", message: "photo: is required" }]);
  });

  it("reports every problem, down to the entry of a repeatable group", () => {
    const problems = validateFormData(PACK_FORM, { weight: 2, photo: "", parcels: [{ barcode: "SF1" }, {}, { barcode: " SF2" }] });
    expect(problems).toEqual([
      { path: "/photo", message: "photo: must be a photo: take or upload one" },
      { path: "/parcels/1/barcode", message: "Parcels #2 › Barcode: is required" },
      { path: "/parcels/2/barcode", message: "Parcels #3 › Barcode: must be a scanned barcode" },
    ]);
  });

  it("lists the choices of a field whose options have titles", () => {
    const choice = fields({ box: { oneOf: [{ const: "s", title: "Small" }, { const: "l", title: "Large" }] } });
    expect(validateFormData(choice, { box: "xl" })).toEqual([{ path: "/box", message: 'box: must be one of "Small" or "Large"' }]);
  });

  it("names the only value a field allows", () => {
    expect(validateFormData(fields({ size: { enum: ["xl"] } }), { size: "s" })).toEqual([{ path: "/size", message: 'size: must be "xl"' }]);
  });

  it("keeps forms apart that share a $id", () => {
    const first = form({ $id: "https://example.com/forms/pack.json", type: "object", required: ["a"], properties: { a: { type: "string" } } });
    const second = form({ $id: "https://example.com/forms/pack.json", type: "object", required: ["b"], properties: { b: { type: "string" } } });
    expect(validateFormData(first, {})).toEqual([{ path: "/a", message: "a: is required" }]);
    expect(validateFormData(second, {})).toEqual([{ path: "/b", message: "b: is required" }]);
    expect(checkForm(second)).toEqual([]);
  });

  it("refuses to check submissions against a broken form, saying so", () => {
    expect(() => validateFormData(fields({ weight: { type: "nummber" } }), {})).toThrow(/This form's schema is not valid/);
  });
});
