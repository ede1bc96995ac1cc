import { describe, expect, it } from "vitest";
import { sampleCanonicalOrder as sampleOrder } from "../testing/sample-order";
import { checkCanonicalOrder, toIncomingOrder } from "./canonical-order";
import { fromMinorUnits, multiplyMoney, sumMoney, toMinorUnits, toMoney } from "./money";


describe("the canonical order", () => {
  it("accepts a complete order", () => {
    expect(checkCanonicalOrder(sampleOrder)).toEqual([]);
  });

  it("names every field at fault by its path", () => {
    const bad = {
      ...sampleOrder,
      channel: "Taobao",
      paymentStatus: "maybe",
      deliverySpeed: "warp",
      total: 256,
      address: { province: "上海市", city: "上海市", detail: "x" },
      lines: [{ sku: "A", name: "a", quantity: 0, unitPrice: "1.999999" }],
      colour: "red",
    };
    const problems = checkCanonicalOrder(bad);
    const byPath = Object.fromEntries(problems.map((p) => [p.path, p.message]));
    expect(Object.keys(byPath)).toEqual(expect.arrayContaining(["channel", "paymentStatus", "deliverySpeed", "total", "address.district", "lines[0].quantity", "lines[0].unitPrice", "colour"]));
    expect(byPath["paymentStatus"]).toBe('must be one of "unpaid", "paid", "partially_refunded", "refunded", "cod"');
    expect(byPath["address.district"]).toBe("is required");
    const { raw: _raw, ...withoutRaw } = sampleOrder;
    expect(checkCanonicalOrder(withoutRaw).map((p) => p.path)).toEqual(["raw"]);
  });

  it("becomes the server's incoming order: indexed columns, the order as flow input, the raw payload beside it", () => {
    const incoming = toIncomingOrder(sampleOrder);
    expect(incoming).toMatchObject({ channel: "taobao", shop: "tmall-flagship", platformOrderNo: "3398123456789012", buyerName: "张三", phone: "13812345678", total: "256.00", raw: { tid: 3398123456789012 } });
    expect(incoming.data).not.toHaveProperty("raw");
    expect(incoming.data["address"]).toEqual(sampleOrder.address);
  });
});

describe("money", () => {
  it("is a decimal string in the major unit, read from numbers or strings", () => {
    expect(toMoney(128)).toBe("128.00");
    expect(toMoney("9.9")).toBe("9.90");
    expect(toMoney("0.10")).toBe("0.10");
    expect(toMoney(0.1 + 0.2)).toBe("0.30");
    expect(toMoney("12.5000")).toBe("12.50");
    expect(toMoney(5, 0)).toBe("5");
    expect(() => toMoney(-1)).toThrow(/non-negative decimal/);
    expect(() => toMoney("1,000")).toThrow(/not an amount/);
    expect(() => toMoney("1.005")).toThrow(/more than 2 decimals/);
    expect(() => toMoney(Number.NaN)).toThrow(/not an amount/);
  });

  it("adds and multiplies exactly through minor units", () => {
    expect(toMinorUnits("128.05")).toBe(12805n);
    expect(fromMinorUnits(5n)).toBe("0.05");
    expect(sumMoney(["0.10", "0.20", "0.30"])).toBe("0.60");
    expect(multiplyMoney("19.99", 3)).toBe("59.97");
    expect(() => multiplyMoney("1.00", 1.5)).toThrow(/whole number/);
  });
});
