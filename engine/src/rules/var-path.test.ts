import { describe, expect, it } from "vitest";
import { evaluateRule, explainRule } from "./index";

/**
 * Paths written in the rule are read on the path decided when compiling (plain fields without an
 * ownership test, other names with one); paths computed during evaluation are read carefully,
 * segment by segment. Both must refuse the same names.
 */
const readers: [string, (path: string, data: unknown) => unknown][] = [
  ["a path written in the rule", (path, data) => evaluateRule({ var: [path, "refused"] }, data)],
  ["a computed path", (path, data) => evaluateRule({ var: [{ cat: [path] }, "refused"] }, data)],
];

describe.each(readers)("reading data through %s", (_, read) => {
  const data = JSON.parse('{"order": {"total": 1280, "lines": [{"sku": "A"}, {"sku": "B"}], "note": "abc", "paid": false}}');

  it.each(["toString", "constructor", "__proto__", "hasOwnProperty", "valueOf", "isPrototypeOf", "length"])(
    "refuses %s on an object, where it is inherited",
    (name) => {
      expect(read(`order.${name}`, data)).toBe("refused");
      expect(read(name, data)).toBe("refused");
    },
  );

  it("refuses members inherited by lists, texts, numbers and booleans", () => {
    expect(read("order.lines.map", data)).toBe("refused");
    expect(read("order.lines.toString", data)).toBe("refused");
    expect(read("order.note.toUpperCase", data)).toBe("refused");
    expect(read("order.total.toFixed", data)).toBe("refused");
    expect(read("order.paid.valueOf", data)).toBe("refused");
  });

  it("reads own fields, list items by index, and the length of lists and texts", () => {
    expect(read("order.total", data)).toBe(1280);
    expect(read("order.paid", data)).toBe(false);
    expect(read("order.lines.1.sku", data)).toBe("B");
    expect(read("order.lines.2", data)).toBe("refused");
    expect(read("order.lines.length", data)).toBe(2);
    expect(read("order.note.length", data)).toBe(3);
    expect(read("order.note.1", data)).toBe("b");
    expect(read("order.total.x", data)).toBe("refused");
    expect(read("order.lines.sku", data)).toBe("refused");
  });

  it("reads own fields that share a name with an inherited member", () => {
    const own = JSON.parse('{"toString": "own", "valueOf": 0, "length": 4, "list": {"map": "own"}}');
    expect(read("toString", own)).toBe("own");
    expect(read("valueOf", own)).toBe(0);
    expect(read("length", own)).toBe(4);
    expect(read("list.map", own)).toBe("own");
  });
});

describe("data that is not JSON", () => {
  const computed = readers[1]?.[1] as (path: string, data: unknown) => unknown;

  it("shows no inherited field of an object created with a prototype through a computed path", () => {
    expect(computed("order.secret", { order: Object.create({ secret: 1 }) })).toBe("refused");
    expect(computed("secret", Object.create({ secret: 1 }))).toBe("refused");
  });

  it("shows no method of a Date or a class instance", () => {
    class Order {
      summary(): string {
        return "internal";
      }
    }
    for (const [, read] of readers) {
      expect(read("at.toISOString", { at: new Date(0) })).toBe("refused");
      expect(read("order.constructor", { order: new Order() })).toBe("refused");
    }
    expect(computed("order.summary", { order: new Order() })).toBe("refused");
  });
});

describe("a polluted prototype", () => {
  const pollute = (target: object, name: string): (() => void) => {
    Object.defineProperty(target, name, { value: true, enumerable: true, configurable: true, writable: true });
    return () => delete (target as Record<string, unknown>)[name];
  };

  it("is not read through a plain field, even by a rule compiled before the pollution", () => {
    const rule = { var: ["user.isAdmin", "no"] };
    const items = { var: ["user.roles.isAdmin", "no"] };
    const data = { user: { name: "x", roles: ["staff"] } };
    expect(evaluateRule(rule, data)).toBe("no");
    const restoreObject = pollute(Object.prototype, "isAdmin");
    try {
      expect(({} as Record<string, unknown>).isAdmin).toBe(true);
      expect(evaluateRule(rule, data)).toBe("no");
      expect(evaluateRule(items, data)).toBe("no");
      expect(explainRule(rule, data).result).toBe("no");
    } finally {
      restoreObject();
    }
    const restoreArray = pollute(Array.prototype, "isAdmin");
    try {
      expect(evaluateRule(items, data)).toBe("no");
    } finally {
      restoreArray();
    }
    expect(evaluateRule({ var: "user.name" }, data)).toBe("x");
  });
});
