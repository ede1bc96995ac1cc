import { describe, expect, it } from "vitest";
import { orderEvent } from "./pdd-order";

const order = {
  order_sn: "261122-084512345678901",
  order_status: 1,
  refund_status: 1,
  confirm_status: 1,
  created_time: "2026-11-22 08:45:12",
  confirm_time: "2026-11-22 08:46:00",
  pay_time: "2026-11-22 08:45:40",
  updated_at: "2026-11-22 08:46:00",
  receiver_name: "赵六",
  receiver_phone: "13600003333",
  province: "江苏省",
  city: "苏州市",
  town: "吴中区",
  receiver_address: "东吴北路 66 号",
  address: "江苏省苏州市吴中区东吴北路 66 号",
  item_list: [
    { goods_id: 300001, sku_id: 700001, outer_id: "TEA-BLC-100", goods_name: "碧螺春 100g", goods_price: "59.90", goods_count: 2, goods_spec: "罐装" },
    { goods_id: 300002, sku_id: 700002, goods_name: "茶杯", goods_price: 15, goods_count: "1" },
  ],
  goods_amount: "134.80",
  discount_amount: "10.00",
  postage: "6.00",
  pay_amount: "130.80",
  buyer_memo: "周末送",
};

describe("a PDD order as the flows see it", () => {
  it("maps a formed order: Beijing times, yuan strings, address parts without the province prefix, lines by outer id, note, raw order", () => {
    const event = orderEvent(order, "sz-mall");
    expect(event).toMatchObject({ kind: "order", dedupeKey: "pinduoduo:sz-mall:order:261122-084512345678901" });
    if (event.kind !== "order") throw new Error("not an order");
    expect(event.order).toEqual({
      channel: "pinduoduo",
      shop: "sz-mall",
      platformOrderNo: "261122-084512345678901",
      createdAt: "2026-11-22T08:45:12+08:00",
      paidAt: "2026-11-22T08:45:40+08:00",
      platformStatus: "awaiting_shipment",
      paymentStatus: "paid",
      buyer: { name: "赵六", phone: "13600003333" },
      address: { province: "江苏省", city: "苏州市", district: "吴中区", detail: "东吴北路 66 号" },
      lines: [
        { sku: "TEA-BLC-100", name: "碧螺春 100g 罐装", quantity: 2, unitPrice: "59.90" },
        { sku: "700002", name: "茶杯", quantity: 1, unitPrice: "15.00" },
      ],
      currency: "CNY",
      shippingFee: "6.00",
      discount: "10.00",
      total: "130.80",
      buyerNote: "周末送",
      deliverySpeed: "standard",
      raw: { order },
    });
  });

  it("maps the shipping statuses, and waits while the group is forming", () => {
    const shipped = orderEvent({ ...order, order_status: 2 }, "s");
    expect(shipped.kind === "order" && shipped.order.platformStatus).toBe("shipped");
    const signed = orderEvent({ ...order, order_status: 3 }, "s");
    expect(signed.kind === "order" && signed.order.platformStatus).toBe("completed");
    expect(orderEvent({ ...order, confirm_status: 0 }, "s")).toMatchObject({ kind: "ignored", dedupeKey: "pinduoduo:s:group_forming:261122-084512345678901" });
  });

  it("turns a cancelled or refunded order into a cancellation for its flow", () => {
    expect(orderEvent({ ...order, refund_status: 4 }, "s")).toMatchObject({ kind: "message", event: "order.cancelled", correlation: order.order_sn });
    expect(orderEvent({ ...order, confirm_status: 2 }, "s")).toMatchObject({ kind: "message", event: "order.cancelled" });
  });

  it("names the field of an order it cannot read", () => {
    expect(orderEvent({ ...order, item_list: [{ ...order.item_list[0]!, goods_count: 0 }] }, "s")).toMatchObject({ kind: "ignored", dedupeKey: null, reason: expect.stringContaining("order.item_list[0].goods_count") });
    expect(orderEvent({ ...order, order_status: 9 }, "s")).toMatchObject({ kind: "ignored", reason: expect.stringContaining("order.order_status") });
    expect(orderEvent({ ...order, pay_amount: "abc" }, "s")).toMatchObject({ kind: "ignored", reason: expect.stringContaining("order.pay_amount") });
  });
});
