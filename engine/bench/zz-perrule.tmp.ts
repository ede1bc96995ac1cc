import jsonLogic from "json-logic-js";
import { compileRule } from "../src/rules/index";
const nowMs = Date.parse("2024-11-11T20:00:00+08:00");
const hour = 3600000;
const phone = { var: "order.address.phone" };
const data = { nowMs, order: { total: 1280, createdAtMs: nowMs - 3 * hour, payment: { status: "paid" }, buyerNote: "请尽快发货", address: { province: "上海市", city: "上海市", district: "浦东新区", detail: "张江路", phone: "13812345678" } }, sameIpOrders: [{ createdAtMs: nowMs - hour / 2 }, { createdAtMs: nowMs - 2 * hour }, { createdAtMs: nowMs - 10 }] };
const rules: Record<string, unknown> = {
  var: { var: "order.total" },
  gt: { ">": [{ var: "order.total" }, 0] },
  eq: { "==": [{ var: "order.payment.status" }, "paid"] },
  addr: { and: ["province", "city", "district", "detail"].map((f) => ({ "!!": { var: `order.address.${f}` } })) },
  phone: { and: [{ "==": [{ substr: [phone, 0, 1] }, "1"] }, { in: [{ substr: [phone, 1, 1] }, ["3", "4", "5", "6", "7", "8", "9"]] }, { "!=": [{ substr: [phone, 10] }, ""] }, { "==": [{ substr: [phone, 11] }, ""] }, { "===": [{ cat: [{ "+": [phone] }] }, phone] }] },
  note: { "!": { or: ["刷单", "代付", "好评返现", "加微信"].map((w) => ({ in: [w, { var: "order.buyerNote" }] })) } },
  wait: { ">": [{ "-": [{ var: "nowMs" }, { var: "order.createdAtMs" }] }, 2 * hour] },
  ip: { "<=": [{ reduce: [[{ reduce: [{ var: "sameIpOrders" }, { if: [{ ">=": [{ var: "current.createdAtMs" }, { var: "accumulator.1" }] }, [{ "+": [{ var: "accumulator.0" }, 1] }, { var: "accumulator.1" }], { var: "accumulator" }] }, [0, { "-": [{ var: "nowMs" }, hour] }]] }], { var: "current.0" }, 0] }, 3] },
};
function rate(f: () => unknown): number { for (let i = 0; i < 200000; i++) f(); const n = 1000000; const t = process.hrtime.bigint(); for (let i = 0; i < n; i++) f(); return n / (Number(process.hrtime.bigint() - t) / 1e9); }
for (const [name, rule] of Object.entries(rules)) {
  const c = compileRule(rule);
  const ours = rate(() => c.evaluate(data));
  const theirs = rate(() => jsonLogic.apply(rule as any, data));
  console.log(name.padEnd(6), Math.round(ours).toLocaleString().padStart(12), Math.round(theirs).toLocaleString().padStart(12), (ours / theirs).toFixed(1));
}
