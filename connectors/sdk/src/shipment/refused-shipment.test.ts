import { describe, expect, it } from "vitest";
import { ConnectorError } from "../errors";
import { settleRefusedShipment } from "./refused-shipment";

const push = { platform: "JD", order: "order 42", trackingNo: "SF1", refusal: "ORDER_STATE_ERROR" };

function codeOf(run: () => void): string | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    return error instanceof ConnectorError ? error.code : "not a connector error";
  }
}

describe("settleRefusedShipment", () => {
  it("takes a refused repeat as done when the order left with this tracking number, or without saying which", () => {
    expect(codeOf(() => settleRefusedShipment({ shipped: true, trackingNumbers: ["SF0", "SF1"] }, push))).toBeUndefined();
    expect(codeOf(() => settleRefusedShipment({ shipped: true, trackingNumbers: [""] }, push))).toBeUndefined();
  });

  it("lets the refusal stand when the order has not left, and names another tracking number it left with", () => {
    expect(() => settleRefusedShipment({ shipped: false, trackingNumbers: [] }, push)).toThrow(/JD refused the shipment of order 42 \(ORDER_STATE_ERROR\)/);
    expect(codeOf(() => settleRefusedShipment({ shipped: false, trackingNumbers: [] }, push))).toBe("shipment_refused");
    expect(() => settleRefusedShipment({ shipped: true, trackingNumbers: ["SF9"] }, push)).toThrow("Order 42 already shipped on JD with tracking number SF9, not SF1");
    expect(codeOf(() => settleRefusedShipment({ shipped: true, trackingNumbers: ["SF9"] }, push))).toBe("already_shipped");
  });
});
