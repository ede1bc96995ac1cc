import { createMemoryStore, installConnector } from "@orderflow/connector-sdk";
import { chooseBest } from "@orderflow/courier-kit";
import { describe, expect, it } from "vitest";
import { tableRateCourier } from "./connector";
import { quoteParcel } from "./rate-table";
import { SETTINGS } from "./test-settings";

const settings = SETTINGS as unknown as Parameters<typeof quoteParcel>[0];
const NOW = new Date("2026-11-22T15:00:00+08:00");
const hangzhou = { province: "浙江省", city: "杭州市" };
const ningbo = { province: "浙江省", city: "宁波市" };

describe("pricing by the rate table", () => {
  it("prices a city listed in a zone by that zone, ahead of its province's, with every speed offered", () => {
    const quotes = quoteParcel(settings, { weightKg: 1.2, destination: hangzhou }, NOW);
    expect(quotes.map((q) => [q.service, q.price, q.promisedBy])).toEqual([
      ["standard", "6.00", "2026-11-23T23:59:59+08:00"],
      ["next_day", "9.00", "2026-11-23T23:59:59+08:00"],
      ["same_day", "18.50", "2026-11-22T23:59:59+08:00"],
    ]);
    expect(quotes[0]).toMatchObject({ courier: "table_rate_courier", currency: "CNY", chargeableWeightKg: 1.2, serviceName: "杭州同城 标准 Standard" });
  });

  it("charges the first weight and each additional step begun, on the volumetric weight when it is greater", () => {
    expect(quoteParcel(settings, { weightKg: 2.5, destination: ningbo }, NOW, "standard")).toMatchObject([{ price: "12.00", promisedDays: 2, chargeableWeightKg: 2.5 }]);
    expect(quoteParcel(settings, { weightKg: 1, destination: ningbo }, NOW, "standard")).toMatchObject([{ price: "8.00" }]);
    expect(quoteParcel(settings, { weightKg: 1.2, dimensions: { lengthCm: 40, widthCm: 30, heightCm: 21 }, destination: ningbo }, NOW, "standard")).toMatchObject([{ price: "16.00", chargeableWeightKg: 4.2 }]);
  });

  it("matches a region written without 省 or 市, and quotes nothing outside the zones or for a speed not offered", () => {
    expect(quoteParcel(settings, { weightKg: 1, destination: { province: "上海市", city: "上海市" } }, NOW, "standard")).toMatchObject([{ price: "6.00" }]);
    expect(quoteParcel(settings, { weightKg: 1, destination: { province: "新疆维吾尔自治区", city: "乌鲁木齐市" } }, NOW)).toEqual([]);
    expect(quoteParcel(settings, { weightKg: 1, destination: hangzhou }, NOW, "express")).toEqual([]);
  });

  it("quotes every speed offered when the step names none", async () => {
    const installed = installConnector(tableRateCourier, { settings: SETTINGS, store: createMemoryStore(), clock: () => NOW });
    const outcome = await installed.invoke({ connector: "table_rate_courier", action: "quote", input: { weightKg: 1.2, destination: hangzhou }, idempotencyKey: "q", attempt: 1, timeoutMs: 1000 });
    expect(outcome.ok && (outcome.output as { quotes: { service: string }[] }).quotes.map((q) => q.service)).toEqual(["standard", "next_day", "same_day"]);
  });

  it("gives quotes chooseBest can pick from", () => {
    const quotes = quoteParcel(settings, { weightKg: 1.2, destination: hangzhou }, NOW);
    expect(chooseBest(quotes, "fastest").chosen.service).toBe("same_day");
    expect(chooseBest(quotes, "cheapest").chosen.service).toBe("standard");
  });
});

describe("waybills of the local courier", () => {
  const install = () => installConnector(tableRateCourier, { settings: SETTINGS, store: createMemoryStore() });
  const order = (n: number) => ({ orderNo: `WS-${n}`, weightKg: 1, recipient: { name: "李四", phone: "13900001111" }, address: { province: "浙江省", city: "杭州市", district: "西湖区", detail: "文三路 90 号" } });
  const call = (installed: ReturnType<typeof install>, action: string, input: Record<string, unknown>, key: string) =>
    installed.invoke({ connector: "table_rate_courier", action, input, idempotencyKey: key, attempt: 1, timeoutMs: 1000 });

  it("gives every order its own number, and a retried step the same one", async () => {
    const installed = install();
    const numbers = new Set<string>();
    for (let n = 1; n <= 200; n++) {
      const first = await call(installed, "create_waybill", order(n), `inst-${n}:waybill`);
      const retry = await call(installed, "create_waybill", order(n), `inst-${n}:waybill`);
      if (!first.ok) throw new Error(first.error.message);
      expect(retry).toEqual(first);
      const { trackingNo } = first.output as { trackingNo: string };
      expect(trackingNo).toMatch(/^LC\d{12}$/);
      numbers.add(trackingNo);
    }
    expect(numbers.size).toBe(200);
  });

  it("cancels a waybill it issued, again without complaint, and refuses one it did not", async () => {
    const installed = install();
    const created = await call(installed, "create_waybill", order(1), "inst-1:waybill");
    const trackingNo = created.ok ? (created.output as { trackingNo: string }).trackingNo : "";
    expect(await call(installed, "cancel_waybill", { waybillNo: trackingNo }, "inst-1:cancel")).toEqual({ ok: true, output: { trackingNo, cancelled: true } });
    expect(await call(installed, "cancel_waybill", { waybillNo: trackingNo }, "inst-1:cancel")).toMatchObject({ ok: true });
    expect(await call(installed, "cancel_waybill", { waybillNo: "LC999999999999" }, "x")).toMatchObject({ ok: false, retryable: false, error: { code: "unknown_waybill", message: expect.stringContaining("LC999999999999") } });
  });

  it("refuses a status push it cannot read, saying which statuses it takes", () => {
    const source = installConnector(tableRateCourier, { settings: SETTINGS, store: createMemoryStore(), webhookRejected: (status, message) => new Error(`${status} ${message}`) }).webhooks["delivery_updates"]!;
    const body = JSON.stringify({ trackingNo: "LC1", status: "exception", reason: "stolen", at: "2026-11-23T10:00:00+08:00" });
    const headers = tableRateCourier.triggers[0]!.kind === "webhook" ? tableRateCourier.triggers[0]!.sign!(body, { settings: SETTINGS, store: createMemoryStore(), clock: () => new Date() }) : {};
    expect(() => source.read({ body, headers })).toThrow(/^422 status must be one of picked_up, in_transit, out_for_delivery, delivered, exception, and an exception needs a reason: delayed, lost, damaged, returned/);
  });
});
