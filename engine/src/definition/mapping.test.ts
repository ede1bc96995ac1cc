import { describe, expect, it } from "vitest";
import { readMappingValue } from "./mapping";
import { problemAt, simpleFlow } from "./test-flows";
import { validateFlow } from "./validate";

const withInput = (input: unknown) => simpleFlow({ input });

describe("mapping values", () => {
  it("reads one key as an operator, several keys as a nested mapping, $object as a nested mapping of any fields", () => {
    expect(readMappingValue({ var: "input.buyer.name" }).kind).toBe("expression");
    expect(readMappingValue({ name: { var: "input.buyer.name" }, phone: "110" })).toMatchObject({ kind: "object", wrapped: false });
    expect(readMappingValue({ $object: { max: 3 } })).toEqual({ kind: "object", fields: { max: 3 }, wrapped: true });
    expect(readMappingValue([1, { var: "x" }]).kind).toBe("list");
    expect(readMappingValue("standard")).toEqual({ kind: "literal", value: "standard" });
    expect(readMappingValue({}).kind).toBe("object");
  });
});

describe("validateFlow: nested mappings", () => {
  it("accepts nested objects and lists of expressions and plain values", () => {
    const result = validateFlow(
      withInput({
        recipient: { name: { var: "input.buyer.name" }, phone: { var: "input.buyer.phone" } },
        parcels: [{ weightKg: { var: "input.weightKg" }, fragile: false }],
        options: { $object: { insured: true } },
      }),
    );
    expect(result.problems).toEqual([]);
  });

  it("points at a wrong rule deep inside a nested mapping", () => {
    const flow = withInput({ recipient: { name: { var: "input.buyer.name" }, address: { city: { time_add: [{ var: "input.paidAt" }, "2h"] }, detail: "x" } } });
    const found = problemAt(validateFlow(flow).problems, "invalid_rule", "/nodes/1/input/recipient/address/city/time_add/1");
    expect(found.message).toContain('rule "input.recipient.address.city"');
    expect(found.message).toContain('"2h" is not an ISO-8601 duration');
  });

  it("points into lists and $object", () => {
    const flow = withInput({ parcels: [{ weightKg: { frobnicate: [1] }, count: 1 }], extra: { $object: { total: { sum: [] } } } });
    const problems = validateFlow(flow).problems;
    problemAt(problems, "invalid_rule", "/nodes/1/input/parcels/0/weightKg");
    problemAt(problems, "invalid_rule", "/nodes/1/input/extra/$object/total");
  });

  it("says how to write an object of one field when an unknown operator may be one", () => {
    const found = problemAt(validateFlow(withInput({ recipient: { name: { var: "input.buyer.name" } } })).problems, "invalid_rule", "/nodes/1/input/recipient");
    expect(found.message).toMatch(/^Node "reserve" \(action\), rule "input.recipient": Unknown operator "name"; use one of the supported operators: /);
    expect(found.message).toContain('An object with one key is an operator; for an object with the one field "name", write {"$object": {"name": …}}.');
    const typo = problemAt(validateFlow(withInput({ name: { vra: "input.buyer.name" } })).problems, "invalid_rule", "/nodes/1/input/name");
    expect(typo.message).toContain('did you mean "var"?');
  });

  it("refuses field names that are not names, and $object around something that is not an object", () => {
    const problems = validateFlow(withInput({ address: { "post-code": "200000", city: "上海" }, box: { $object: [1, 2] }, odd: JSON.parse('{ "__proto__": 1, "a": 2 }') })).problems;
    expect(problemAt(problems, "invalid_mapping", "/nodes/1/input/address/post-code").message).toBe(
      'Node "reserve" (action), field "input.address.post-code": "post-code" cannot be a field name. Use letters, digits and _, starting with a letter or _ (e.g. postalCode).',
    );
    expect(problemAt(problems, "invalid_mapping", "/nodes/1/input/box/$object").message).toContain('"$object" must hold an object of fields');
    problemAt(problems, "invalid_mapping", "/nodes/1/input/odd/__proto__");
    expect(validateFlow(withInput({ address: { "post-code": "200000", city: "上海" } })).ok).toBe(false);
  });
});
