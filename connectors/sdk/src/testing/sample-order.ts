import type { CanonicalOrder } from "../canonical-order/canonical-order";

/** A complete canonical order, for tests that need one (a courier action, a flow run). */
export const sampleCanonicalOrder: CanonicalOrder = {
  channel: "taobao",
  shop: "tmall-flagship",
  platformOrderNo: "3398123456789012",
  createdAt: "2026-11-22T08:58:00+08:00",
  paidAt: "2026-11-22T08:59:00+08:00",
  platformStatus: "awaiting_shipment",
  paymentStatus: "paid",
  buyer: { name: "张三", phone: "13812345678" },
  address: { province: "上海市", city: "上海市", district: "浦东新区", detail: "世纪大道100号" },
  lines: [{ sku: "TEA-LJ-250", name: "龙井 250g", quantity: 2, unitPrice: "128.00", category: "tea" }],
  currency: "CNY",
  shippingFee: "0.00",
  discount: "0.00",
  total: "256.00",
  buyerNote: "请周末送货",
  deliverySpeed: "standard",
  raw: { tid: 3398123456789012 },
};
