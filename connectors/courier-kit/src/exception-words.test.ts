import { describe, expect, it } from "vitest";
import { exceptionReasonInWords } from "./exception-words";

describe("exceptionReasonInWords", () => {
  it("names the reason the words give, damage before a refusal that followed it", () => {
    expect(exceptionReasonInWords("外包装破损，收件人拒收")).toBe("damaged");
    expect(exceptionReasonInWords("快件遗失，已登记理赔")).toBe("lost");
    expect(exceptionReasonInWords("客户拒收，快件将返回商家")).toBe("returned");
    expect(exceptionReasonInWords("天气原因滞留")).toBe("delayed");
  });

  it("names none for words that give no reason", () => {
    expect(exceptionReasonInWords("签收失败")).toBeNull();
  });
});
