/**
 * The server's built-in `courier` connector over real courier connectors:
 * SF Express against its simulator and a table-rate city courier quote the
 * same parcel, `choose_best` picks by each rule, and `create_waybill` goes
 * to the chosen courier.
 */
import { createMemoryStore, installConnector } from "@orderflow/connector-sdk";
import { sfExpress } from "@orderflow/connector-sf-express";
import { startSfSimulator, type SfSimulator } from "@orderflow/connector-sf-express/simulator";
import { tableRateCourier } from "@orderflow/connector-table-rate-courier";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCourierConnector } from "../../runtime-server/src/execution/courier-connector";
import type { InstalledConnector } from "../../runtime-server/src/execution/connector-registry";
import type { ConnectorCall } from "../../runtime-server/src/execution/worker";
import { SETTINGS as CITY_COURIER } from "../../connectors/table-rate-courier/src/test-settings";

const parcel = { weightKg: 1.2, destination: { province: "上海市", city: "上海市", district: "浦东新区", detail: "世纪大道100号" } };
const call = (action: string, input: Record<string, unknown>): ConnectorCall => ({ connector: "courier", action, input, idempotencyKey: "o1:choose:1", attempt: 1, timeoutMs: 10_000 });
const down: InstalledConnector = { definition: { category: "courier" }, invoke: async () => ({ ok: false, error: { code: "http_503", message: "gateway unavailable" }, retryable: true }) };

describe("the courier connector", () => {
  let sf: SfSimulator;
  let installed: Record<string, InstalledConnector>;
  beforeAll(async () => {
    sf = await startSfSimulator({ partnerId: "OF", checkword: "cw", clock: () => new Date("2026-11-22T10:00:00+08:00") });
    const options = { store: createMemoryStore(), clock: () => new Date("2026-11-22T10:00:00+08:00"), sleep: async () => {} };
    installed = {
      sf_express: installConnector(sfExpress, { ...options, settings: { baseUrl: sf.url, monthlyCard: "7551234567", partnerId: "OF", checkword: "cw", sender: CITY_COURIER.sender } }),
      table_rate_courier: installConnector(tableRateCourier, { ...options, settings: CITY_COURIER }),
      inventory: { invoke: async () => ({ ok: true, output: { quotes: [] } }) },
    };
  });
  afterAll(() => sf.close());

  it("quotes every installed courier and picks the cheapest, the fastest, or the first of a priority list", async () => {
    const courier = createCourierConnector(() => installed);
    const cheapest = await courier.invoke(call("choose_best", { rule: "cheapest", ...parcel }));
    expect(cheapest).toMatchObject({ ok: true, output: { courier: "table_rate_courier", quote: { price: "6.00" }, unavailable: [] } });
    const ranked = (cheapest as { output: { ranked: { courier: string }[] } }).output.ranked;
    expect(new Set(ranked.map((q) => q.courier))).toEqual(new Set(["sf_express", "table_rate_courier"]));

    expect(await courier.invoke(call("choose_best", { rule: "fastest", ...parcel }))).toMatchObject({ ok: true, output: { courier: "table_rate_courier", quote: { promisedDays: 0 } } });
    const sfFirst = await courier.invoke(call("choose_best", { rule: "priority", priority: ["sf_express"], ...parcel }));
    expect(sfFirst).toMatchObject({ ok: true, output: { courier: "sf_express", service: "2", reason: { en: expect.stringContaining("first courier in the priority list") } } });
    expect(await courier.invoke(call("choose_best", { rule: "cheapest", couriers: ["sf_express"], ...parcel }))).toMatchObject({ ok: true, output: { courier: "sf_express", quote: { price: "15.00" } } });
  });

  it("leaves out a courier that cannot quote, and is retried when none could", async () => {
    const courier = createCourierConnector(() => ({ ...installed, yto: down }));
    expect(await courier.invoke(call("choose_best", { rule: "cheapest", ...parcel }))).toMatchObject({
      ok: true,
      output: { courier: "table_rate_courier", unavailable: [{ courier: "yto", code: "http_503", message: "gateway unavailable" }] },
    });
    expect(await createCourierConnector(() => ({ yto: down })).invoke(call("choose_best", { rule: "cheapest", ...parcel }))).toMatchObject({
      ok: false,
      retryable: true,
      error: { code: "no_quote", message: expect.stringContaining("yto: gateway unavailable") },
    });
    const nowhere = { ...parcel, destination: { province: "西藏自治区", city: "拉萨市" } };
    expect(await courier.invoke(call("choose_best", { rule: "cheapest", couriers: ["table_rate_courier"], ...nowhere }))).toMatchObject({ ok: false, retryable: false, error: { code: "no_quote" } });
  });

  it("says what is wrong with the rule or the couriers named", async () => {
    const courier = createCourierConnector(() => installed);
    expect(await courier.invoke(call("choose_best", { rule: "best", ...parcel }))).toMatchObject({ ok: false, retryable: false, error: { code: "invalid_input", message: expect.stringContaining("cheapest, fastest, priority") } });
    expect(await courier.invoke(call("choose_best", { rule: "priority", ...parcel }))).toMatchObject({ error: { code: "invalid_input", message: expect.stringContaining("input.priority") } });
    expect(await courier.invoke(call("choose_best", { rule: "cheapest", couriers: ["zto"], ...parcel }))).toMatchObject({ error: { code: "connector_not_installed", message: expect.stringContaining('"zto"') } });
    expect(await createCourierConnector(() => ({ inventory: installed.inventory! })).invoke(call("choose_best", { rule: "cheapest", ...parcel }))).toMatchObject({ error: { code: "connector_not_installed" } });
  });

  it("hands create_waybill to the courier named in input.courier, without that field", async () => {
    const courier = createCourierConnector(() => installed);
    const waybill = await courier.invoke({
      ...call("create_waybill", { courier: "sf_express", orderNo: "DB1", weightKg: 1.2, recipient: { name: "张三", phone: "13812345678" }, address: parcel.destination, speed: "standard" }),
      idempotencyKey: "o1:waybill:1",
    });
    expect(waybill).toMatchObject({ ok: true, output: { courier: "sf_express", trackingNo: sf.orders[0]!.waybillNo } });
    expect(sf.orders).toHaveLength(1);
    expect(await courier.invoke(call("create_waybill", { orderNo: "DB1" }))).toMatchObject({ error: { code: "invalid_input", message: expect.stringContaining("input.courier") } });
    expect(await courier.invoke(call("label", { courier: "zto", trackingNo: "ZT1" }))).toMatchObject({ error: { code: "connector_not_installed", message: expect.stringContaining("sf_express, table_rate_courier") } });
  });
});
