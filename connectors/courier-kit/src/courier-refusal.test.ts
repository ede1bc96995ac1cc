import { describe, expect, it } from "vitest";
import { courierRefusal, FLOW_CONTROL_PAUSE_MS } from "./courier-refusal";

describe("courierRefusal", () => {
  it("sends flow control back to the worker for later, whatever the courier calls its code", () => {
    for (const words of ["接口限流，请稍后再试", "系统繁忙", "flow control", "Too many requests"]) {
      expect(courierRefusal("jd", "429", words, `JD refused: ${words}`)).toMatchObject({ code: "flow_control", retryable: true, retryAfterMs: FLOW_CONTROL_PAUSE_MS });
    }
  });

  it("names any other refusal by the courier's own code, and does not retry it", () => {
    expect(courierRefusal("yto", "1002", "recipientCountyName 不能为空", "YTO create order refused: 1002 recipientCountyName 不能为空")).toMatchObject({
      code: "yto_1002",
      retryable: false,
      message: "YTO create order refused: 1002 recipientCountyName 不能为空",
    });
  });
});
