import { describe, expect, it } from "vitest";
import { orderEvent } from "./jd-order";

const order = {
  orderId: "300100200300",
  venderId: "10086",
  payType: "4-在线支付",
  orderTotalPrice: "278.00",
  orderSellerPrice: "268.00",
  orderPayment: "276.00",
  freightPrice: "8.00",
  sellerDiscount: "10.00",
  orderState: "WAIT_SELLER_STOCK_OUT",
  orderRemark: "工作日送货",
  orderStartTime: "2026-11-22 10:01:02",
  paymentConfirmTime: "2026-11-22 10:01:30",
  modified: "2026-11-22 10:01:30",
  pin: "jd_buyer_1",
  consigneeInfo: { fullname: "钱七", mobile: "135****4444", telephone: "", province: "北京", city: "北京市", county: "朝阳区", town: "建外街道", fullAddress: "北京北京市朝阳区建外街道建国路 88 号" },
  itemInfoList: [
    { skuId: "100012345678", outerSkuId: "TEA-PE-357", skuName: "普洱茶饼 357g", jdPrice: "134.00", itemTotal: "2" },
    { skuId: 100012345679, skuName: "茶刀", jdPrice: 10, itemTotal: 1 },
  ],
};

describe("a JD order as the flows see it", () => {
  it("maps an order: Beijing times, yuan strings, the street after the located parts of fullAddress, lines by outer SKU, note, raw order", () => {
    const event = orderEvent(order, "bj-tea");
    expect(event).toMatchObject({ kind: "order", dedupeKey: "jd:bj-tea:order:300100200300" });
    if (event.kind !== "order") throw new Error("not an order");
    expect(event.order).toEqual({
      channel: "jd",
      shop: "bj-tea",
      platformOrderNo: "300100200300",
      createdAt: "2026-11-22T10:01:02+08:00",
      paidAt: "2026-11-22T10:01:30+08:00",
      platformStatus: "awaiting_shipment",
      paymentStatus: "paid",
      buyer: { name: "钱七", phone: "135****4444", platformBuyerId: "jd_buyer_1" },
      address: { province: "北京", city: "北京市", district: "朝阳区", detail: "建国路 88 号" },
      lines: [
        { sku: "TEA-PE-357", name: "普洱茶饼 357g", quantity: 2, unitPrice: "134.00" },
        { sku: "100012345679", name: "茶刀", quantity: 1, unitPrice: "10.00" },
      ],
      currency: "CNY",
      shippingFee: "8.00",
      discount: "10.00",
      total: "276.00",
      buyerNote: "工作日送货",
      deliverySpeed: "standard",
      raw: { order },
    });
  });

  it("reads cash on delivery and shipped states; keeps fullAddress whole when it does not start with the located parts", () => {
    const cod = orderEvent({ ...order, payType: "1-货到付款" }, "s");
    expect(cod.kind === "order" && cod.order.paymentStatus).toBe("cod");
    const shipped = orderEvent({ ...order, orderState: "WAIT_GOODS_RECEIVE_CONFIRM" }, "s");
    expect(shipped.kind === "order" && shipped.order.platformStatus).toBe("shipped");
    const other = orderEvent({ ...order, consigneeInfo: { ...order.consigneeInfo, fullAddress: "建国路 88 号" } }, "s");
    expect(other.kind === "order" && other.order.address.detail).toBe("建国路 88 号");
  });

  it("turns a cancellation and a hold into messages for the order's flow", () => {
    expect(orderEvent({ ...order, orderState: "TRADE_CANCELED" }, "s")).toMatchObject({ kind: "message", event: "order.cancelled", correlation: "300100200300", dedupeKey: "jd:s:order.cancelled:300100200300" });
    expect(orderEvent({ ...order, orderState: "LOCKED" }, "s")).toMatchObject({ kind: "message", event: "order.on_hold", correlation: "300100200300", dedupeKey: "jd:s:order.on_hold:300100200300:2026-11-22 10:01:30" });
  });

  it("names the field of an order it cannot read, and an unknown state", () => {
    expect(orderEvent({ ...order, itemInfoList: [{ ...order.itemInfoList[0]!, itemTotal: "0" }] }, "s")).toMatchObject({ kind: "ignored", dedupeKey: null, reason: expect.stringContaining("order.itemInfoList[0].itemTotal") });
    expect(orderEvent({ ...order, orderState: "SOMETHING_NEW" }, "s")).toMatchObject({ kind: "ignored", reason: expect.stringContaining('order.orderState "SOMETHING_NEW"') });
    expect(orderEvent({ ...order, orderPayment: "-3" }, "s")).toMatchObject({ kind: "ignored", reason: expect.stringContaining("order.orderPayment") });
  });
});
