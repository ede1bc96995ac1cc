import { Type } from "@sinclair/typebox";
import { describe, expect, expectTypeOf, it } from "vitest";
import { defineAction } from "../definition/action";
import { checkAgainst } from "../validation/schema-validator";
import { formFor } from "./form";
import { Prop, type PropsValue } from "./prop";

const props = {
  shop: Prop.text({ label: { zh: "店铺", en: "Shop" }, placeholder: "tmall-flagship" }),
  note: Prop.text({ label: { zh: "备注", en: "Note" }, multiline: true, required: false }),
  token: Prop.secret({ label: { zh: "令牌", en: "Token" } }),
  speed: Prop.select({
    label: { zh: "时效", en: "Speed" },
    options: [
      { value: "standard", label: { zh: "标准", en: "Standard" } },
      { value: "express", label: { zh: "加急", en: "Express" } },
    ],
    default: "standard",
    required: false,
  }),
  weightKg: Prop.number({ label: { zh: "重量", en: "Weight" }, minimum: 0 }),
  fragile: Prop.boolean({ label: { zh: "易碎", en: "Fragile" }, required: false }),
  extra: Prop.json({ label: { zh: "附加数据", en: "Extra data" }, required: false }),
  parcels: Prop.array({
    label: { zh: "包裹", en: "Parcels" },
    items: Prop.object({ label: { zh: "包裹", en: "Parcel" }, props: { code: Prop.text({ label: { zh: "编码", en: "Code" } }) } }),
    required: false,
  }),
};

describe("Prop builders", () => {
  it("type run's input from the declaration, optional props as optional", () => {
    type Input = PropsValue<typeof props>;
    expectTypeOf<Input["shop"]>().toEqualTypeOf<string>();
    expectTypeOf<Input["speed"]>().toEqualTypeOf<"standard" | "express" | undefined>();
    expectTypeOf<Input["weightKg"]>().toEqualTypeOf<number>();
    expectTypeOf<Input["parcels"]>().toEqualTypeOf<{ code: string }[] | undefined>();
    const action = defineAction({
      id: "typed",
      name: { zh: "类型", en: "Typed" },
      props,
      output: Type.Object({ ok: Type.Boolean() }),
      async run({ input }) {
        expectTypeOf(input.note).toEqualTypeOf<string | undefined>();
        return { ok: true };
      },
    });
    expect(action.input.required).toEqual(["shop", "token", "weightKg"]);
  });

  it("give the designer a JSON Schema and a uiSchema in the staff member's language", () => {
    const zh = formFor(props, "zh");
    expect(zh.schema["type"]).toBe("object");
    expect((zh.schema["properties"] as Record<string, Record<string, unknown>>)["speed"]).toMatchObject({ type: "string", enum: ["standard", "express"], title: "Speed" });
    expect(zh.uiSchema["speed"]).toEqual({ "ui:title": "时效", "ui:enumNames": ["标准", "加急"] });
    expect(zh.uiSchema["token"]).toEqual({ "ui:title": "令牌", "ui:widget": "password" });
    expect(zh.uiSchema["note"]).toEqual({ "ui:title": "备注", "ui:widget": "textarea" });
    expect(zh.uiSchema["shop"]).toEqual({ "ui:title": "店铺", "ui:placeholder": "tmall-flagship" });
    expect((zh.uiSchema["parcels"] as Record<string, unknown>)["items"]).toEqual({ "ui:title": "包裹", code: { "ui:title": "编码" } });
    expect(formFor(props, "en").uiSchema["speed"]).toEqual({ "ui:title": "Speed", "ui:enumNames": ["Standard", "Express"] });
    // The schema is plain JSON: what the designer receives over HTTP.
    expect(JSON.parse(JSON.stringify(zh.schema))).toEqual(zh.schema);
  });

  it("validate input with paths to the field at fault, filling declared defaults", () => {
    const action = defineAction({ id: "check", name: { zh: "校验", en: "Check" }, props, output: Type.Object({}), run: async () => ({}) });
    const good: Record<string, unknown> = { shop: "s1", token: "t", weightKg: 1.2 };
    expect(checkAgainst(action.input, good, "input")).toEqual([]);
    expect(good["speed"]).toBe("standard");
    const bad = { shop: 3, token: "", weightKg: -1, speed: "rocket", parcels: [{ code: 1 }], typo: true };
    const problems = checkAgainst(action.input, bad, "input").map((p) => p.path);
    expect(problems).toEqual(expect.arrayContaining(["input.shop", "input.token", "input.weightKg", "input.speed", "input.parcels[0].code", "input.typo"]));
  });

  it("refuse a select without options", () => {
    expect(() => Prop.select({ label: { zh: "空", en: "Empty" }, options: [] })).toThrow(/no options/);
  });
});
