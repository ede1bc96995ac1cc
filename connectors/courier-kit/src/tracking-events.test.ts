import { describe, expect, it } from "vitest";
import { chargeableWeightKg } from "./chargeable-weight";
import { courierOrderId } from "./courier-order-id";
import { promiseDate } from "./promise-date";
import { currentStatus, toParcelMessage, toTrackingEvent, type TrackingStatus } from "./tracking-events";

const CODES: Record<string, TrackingStatus> = {
  "50": { kind: "picked_up" },
  "30": { kind: "in_transit" },
  "44": { kind: "out_for_delivery" },
  "80": { kind: "delivered" },
  "33": { kind: "exception", reason: "delayed" },
};
const route = (code: string, at: string) => ({ trackingNo: "SF1", code, at, description: `op ${code}`, location: "杭州" });

describe("tracking events", () => {
  it("maps a courier's codes to the common kinds, and leaves a code it does not know unmapped", () => {
    expect(toTrackingEvent(CODES, route("80", "2026-11-23T10:00:00+08:00"))).toEqual({ trackingNo: "SF1", kind: "delivered", at: "2026-11-23T10:00:00+08:00", description: "op 80", location: "杭州", code: "80" });
    expect(toTrackingEvent(CODES, route("33", "2026-11-23T10:00:00+08:00"))).toMatchObject({ kind: "exception", reason: "delayed" });
    expect(toTrackingEvent(CODES, route("999", "2026-11-23T10:00:00+08:00"))).toBeNull();
    expect(toTrackingEvent(CODES, route("toString", "2026-11-23T10:00:00+08:00"))).toBeNull();
  });

  it("finds the status from events received out of order", () => {
    const events = [route("80", "2026-11-23T10:00:00+08:00"), route("50", "2026-11-22T09:00:00+08:00"), route("30", "2026-11-22T20:00:00+08:00")].map((r) => toTrackingEvent(CODES, r)!);
    expect(currentStatus(events)).toEqual({ kind: "delivered" });
    expect(currentStatus([])).toBeNull();
  });

  it("becomes the message the delivery wait is correlated on, the same key for a repeated delivery", () => {
    const delivered = toTrackingEvent(CODES, route("80", "2026-11-23T10:00:00+08:00"))!;
    const message = toParcelMessage("sf_express", delivered);
    expect(message).toMatchObject({ kind: "message", event: "parcel.delivered", correlation: "SF1", dedupeKey: "sf_express:parcel:SF1:delivered", payload: { courier: "sf_express", kind: "delivered" } });
    const later = toTrackingEvent(CODES, route("80", "2026-11-23T10:05:00+08:00"))!;
    expect(toParcelMessage("sf_express", later).dedupeKey).toBe(message.dedupeKey);
    const transit = [route("30", "2026-11-22T20:00:00+08:00"), route("30", "2026-11-22T23:00:00+08:00")].map((r) => toParcelMessage("sf_express", toTrackingEvent(CODES, r)!).dedupeKey);
    expect(new Set(transit).size).toBe(2);
  });
});

describe("chargeable weight", () => {
  it("charges the volumetric weight of a light, bulky parcel, rounded up to the step", () => {
    expect(chargeableWeightKg(1.2, { lengthCm: 40, widthCm: 30, heightCm: 21 }, { divisor: 6000, stepKg: 0.5 })).toBe(4.5);
    expect(chargeableWeightKg(1.2, undefined, { divisor: 6000, stepKg: 0.5 })).toBe(1.5);
    expect(chargeableWeightKg(0.3, undefined, { divisor: 6000, stepKg: 0.1 })).toBe(0.3);
    expect(chargeableWeightKg(0.1 + 0.2, undefined, { divisor: 6000, stepKg: 0.1 })).toBe(0.3);
  });
});

describe("courier order id", () => {
  it("is the same for every retry of a step, and differs for another step of the same order", () => {
    const first = courierOrderId("WS-1001", "inst-7:waybill:1");
    expect(first).toMatch(/^WS-1001-[0-9a-f]{12}$/);
    expect(courierOrderId("WS-1001", "inst-7:waybill:1")).toBe(first);
    expect(courierOrderId("WS-1001", "inst-7:waybill:2")).not.toBe(first);
    expect(courierOrderId("订单/1001".repeat(20), "k", 30)).toMatch(/^[A-Za-z0-9_-]{1,30}$/);
  });
});

describe("promise date", () => {
  it("is the end of the promised day in China, whatever the server's time zone", () => {
    expect(promiseDate(new Date("2026-11-22T20:00:00+08:00"), 1)).toBe("2026-11-23T23:59:59+08:00");
    expect(promiseDate(new Date("2026-11-22T17:00:00Z"), 0)).toBe("2026-11-23T23:59:59+08:00");
    expect(() => promiseDate(new Date(), -1)).toThrow(/whole number of 0 or more/);
  });
});
