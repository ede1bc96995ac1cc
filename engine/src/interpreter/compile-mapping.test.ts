import { describe, expect, it } from "vitest";
import { compileMapping, MappingFieldError } from "./compile-mapping";

const order = { buyer: { name: "张三", phone: "13812345678" }, address: { province: "上海市", city: "上海市", detail: "世纪大道100号" }, lines: [{ sku: "TEA", quantity: 2 }] };
const data = { input: order };

describe("compileMapping", () => {
  it("builds nested objects and lists from expressions and plain values", () => {
    const mapping = {
      orderNo: "DB1",
      recipient: { name: { var: "input.buyer.name" }, phone: { var: "input.buyer.phone" } },
      parcels: [{ sku: { var: "input.lines.0.sku" }, quantity: { "*": [{ var: "input.lines.0.quantity" }, 1] } }, "gift"],
      limits: { $object: { max: { "+": [1, 2] } } },
      address: { var: "input.address" },
      empty: {},
    };
    expect(compileMapping(mapping).evaluate(data, {})).toEqual({
      orderNo: "DB1",
      recipient: { name: "张三", phone: "13812345678" },
      parcels: [{ sku: "TEA", quantity: 2 }, "gift"],
      limits: { max: 3 },
      address: order.address,
      empty: {},
    });
  });

  it("builds new objects every time, so one instance's input is never another's", () => {
    const mapping = { recipient: { name: { var: "input.buyer.name" }, note: "x" } };
    const first = compileMapping(mapping).evaluate(data, {});
    const second = compileMapping(mapping).evaluate({ input: { buyer: { name: "李四" } } }, {});
    expect(first.recipient).toEqual({ name: "张三", note: "x" });
    expect(second.recipient).toEqual({ name: "李四", note: "x" });
    expect(compileMapping(mapping)).toBe(compileMapping(mapping));
  });

  it("names the nested field whose rule fails", () => {
    const mapping = { recipient: { name: "x", since: { hours_since: "2026-11-22T09:00:00" } }, parcels: [{ a: 1, b: { hours_since: "bad" } }] };
    const run = () => compileMapping(mapping).evaluate(data, { now: Date.parse("2026-11-22T10:00:00+08:00") });
    expect(run).toThrow(MappingFieldError);
    expect(run).toThrow(/^recipient\.since: /);
  });
});
