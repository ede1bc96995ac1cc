import { describe, expect, it } from "vitest";
import { statusOptions } from "./status-options";

describe("status options", () => {
  it("list new first, the flows' statuses as declared, then the built-in ends", () => {
    const flows = [
      { orderStatuses: [{ code: "picking", name: { zh: "待拣货", en: "Picking" } }, { code: "failed", name: { zh: "无法履约", en: "Cannot fulfil" } }] },
      { orderStatuses: [{ code: "returning", name: { zh: "退货中", en: "Returning" } }, { code: "picking", name: { zh: "拣货", en: "Pick" } }] },
    ];
    const options = statusOptions(flows);
    expect(options.map((option) => option.code)).toEqual(["new", "picking", "returning", "completed", "cancelled", "failed"]);
    // The first flow to name a code names it; a flow may rename a built-in status.
    expect(options[1]!.name).toEqual({ zh: "待拣货", en: "Picking" });
    expect(options.at(-1)!.name).toEqual({ zh: "无法履约", en: "Cannot fulfil" });
    expect(options[0]!.name).toMatchObject({ en: expect.any(String), zh: expect.any(String) });
  });

  it("ignore what is not a status list, and offer the built-in ones without flows", () => {
    expect(statusOptions([null, { orderStatuses: "x" }, { orderStatuses: [{ name: "no code" }] }]).map((option) => option.code)).toEqual(["new", "completed", "cancelled", "failed"]);
  });
});
