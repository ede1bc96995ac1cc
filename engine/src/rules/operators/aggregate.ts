/**
 * Counting and summing over lists passed in the data (a customer's return history, the orders
 * from one IP…). The optional second argument is evaluated once per item with the item as data,
 * exactly like the condition of `filter`.
 */
import { isTruthy, toFloat } from "../coerce";
import { argAt, type Operator } from "./types";

export const aggregateOperators: readonly Operator[] = [
  /**
   * `count`: the number of items, or of items for which the condition holds; 0 for a non-list.
   *
   * @example {"count": [{"var": "customer.returns"}, {"<=": [{"days_since": {"var": "at"}}, 90]}]}
   */
  {
    name: "count",
    form: "lazy",
    perItem: 1,
    arity: { min: 1, max: 2, usage: "a list and optionally a condition for each item" },
    build: (args) => {
      const list = argAt(args, 0);
      const test = args[1];
      return (data, env) => {
        const items = list(data, env);
        if (!Array.isArray(items)) return 0;
        if (test === undefined) return items.length;
        let count = 0;
        for (let i = 0; i < items.length; i++) if (isTruthy(test(items[i], env))) count++;
        return count;
      };
    },
    explain: {
      kind: "value",
      text: ([items, test]) => `number of items in ${items?.operand}${test === undefined ? "" : ` with ${test.operand}`}`,
    },
  },
  /**
   * `sum`: the sum of the items, or of an expression per item, with `+`'s number conversion
   * (so a non-numeric item makes the sum NaN); 0 for a non-list.
   *
   * @example {">": [{"sum": [{"var": "order.items"}, {"*": [{"var": "price"}, {"var": "qty"}]}]}, 5000]}
   */
  {
    name: "sum",
    form: "lazy",
    perItem: 1,
    arity: { min: 1, max: 2, usage: "a list and optionally an expression for each item" },
    build: (args) => {
      const list = argAt(args, 0);
      const each = args[1];
      return (data, env) => {
        const items = list(data, env);
        if (!Array.isArray(items)) return 0;
        let sum = 0;
        for (let i = 0; i < items.length; i++) sum += toFloat(each === undefined ? items[i] : each(items[i], env));
        return sum;
      };
    },
    explain: {
      kind: "value",
      text: ([items, each]) => (each === undefined ? `sum of ${items?.operand}` : `sum of ${each.operand} over ${items?.operand}`),
    },
  },
];
