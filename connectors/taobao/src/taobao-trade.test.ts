import { describe, expect, it } from "vitest";
import { tradeEvent } from "./taobao-trade";

const trade = {
  tid: 4100000000000000001,
  tid_str: "4100000000000000001",
  status: "WAIT_SELLER_SEND_GOODS",
  type: "fixed",
  created: "2026-11-22 08:58:00",
  pay_time: "2026-11-22 08:59:10",
  modified: "2026-11-22 08:59:10",
  buyer_open_uid: "AAHk5d-buyer",
  buyer_message: "请用顺丰",
  receiver_name: "王五",
  receiver_mobile: "137****2222",
  receiver_state: "广东省",
  receiver_city: "深圳市",
  receiver_district: "南山区",
  receiver_town: "粤海街道",
  receiver_address: "科技园南路 8 号 2 栋 301",
  receiver_zip: "518057",
  payment: "287.90",
  total_fee: "295.90",
  post_fee: "12.00",
  discount_fee: "20.00",
  orders: {
    order: [
      { oid: 1, title: "龙井 250g", num: 2, price: "128.00", outer_sku_id: "TEA-LJ-250", refund_status: "NO_REFUND" },
      { oid: 2, title: "玻璃杯", num: 1, price: "39.90", outer_iid: "CUP-GLASS", refund_status: "NO_REFUND" },
    ],
  },
};

describe("a TOP trade as the flows see it", () => {
  it("maps a paid trade to an order: Beijing times, yuan strings, address parts, exact tid, note, raw trade", () => {
    const event = tradeEvent(trade, "hz-tea");
    expect(event).toMatchObject({ kind: "order", dedupeKey: "taobao:hz-tea:order:4100000000000000001" });
    if (event.kind !== "order") throw new Error("not an order");
    expect(event.order).toEqual({
      channel: "taobao",
      shop: "hz-tea",
      platformOrderNo: "4100000000000000001",
      createdAt: "2026-11-22T08:58:00+08:00",
      paidAt: "2026-11-22T08:59:10+08:00",
      platformStatus: "awaiting_shipment",
      paymentStatus: "paid",
      buyer: { name: "王五", phone: "137****2222", platformBuyerId: "AAHk5d-buyer" },
      address: { province: "广东省", city: "深圳市", district: "南山区", detail: "粤海街道科技园南路 8 号 2 栋 301", postalCode: "518057" },
      lines: [
        { sku: "TEA-LJ-250", name: "龙井 250g", quantity: 2, unitPrice: "128.00" },
        { sku: "CUP-GLASS", name: "玻璃杯", quantity: 1, unitPrice: "39.90" },
      ],
      currency: "CNY",
      shippingFee: "12.00",
      discount: "20.00",
      total: "287.90",
      buyerNote: "请用顺丰",
      deliverySpeed: "standard",
      raw: { trade },
    });
  });

  it("reads cash on delivery, partial refunds and shipped trades", () => {
    const cod = tradeEvent({ ...trade, type: "cod" }, "s");
    expect(cod.kind === "order" && cod.order.paymentStatus).toBe("cod");
    const partly = tradeEvent({ ...trade, orders: { order: [{ ...trade.orders.order[0]!, refund_status: "SUCCESS" }, trade.orders.order[1]!] } }, "s");
    expect(partly.kind === "order" && partly.order.paymentStatus).toBe("partially_refunded");
    const shipped = tradeEvent({ ...trade, status: "WAIT_BUYER_CONFIRM_GOODS" }, "s");
    expect(shipped.kind === "order" && shipped.order.platformStatus).toBe("shipped");
  });

  it("waits for payment, and turns a closed trade into a cancellation for its flow", () => {
    expect(tradeEvent({ ...trade, status: "WAIT_BUYER_PAY", pay_time: undefined }, "s")).toMatchObject({ kind: "ignored", dedupeKey: "taobao:s:awaiting_payment:4100000000000000001" });
    expect(tradeEvent({ ...trade, status: "TRADE_CLOSED" }, "s")).toMatchObject({ kind: "message", event: "order.cancelled", correlation: "4100000000000000001", dedupeKey: "taobao:s:order.cancelled:4100000000000000001" });
  });

  it("names the field of a trade it cannot read, and an unknown status", () => {
    expect(tradeEvent({ ...trade, orders: { order: [{ ...trade.orders.order[0]!, num: 0 }] } }, "s")).toMatchObject({ kind: "ignored", dedupeKey: null, reason: expect.stringMatching(/trade\.orders\.order\[0\]\.num must be >= 1/) });
    expect(tradeEvent({ ...trade, status: "SOMETHING_NEW" }, "s")).toMatchObject({ kind: "ignored", reason: expect.stringContaining('trade.status "SOMETHING_NEW"') });
    expect(tradeEvent({ ...trade, payment: "-1" }, "s")).toMatchObject({ kind: "ignored", reason: expect.stringContaining("trade.payment") });
  });
});
