import { describe, expect, it } from "vitest";
import { channelsByName, createChannelRouter } from "./channel-router";
import type { ConnectorCall } from "./worker";

const call = (input: Record<string, unknown>): ConnectorCall => ({ connector: "channel", action: "push_shipment", input, idempotencyKey: "i1:push:1", attempt: 1, timeoutMs: 30_000 });

describe("the channel connector", () => {
  it("hands the call to the order's own sales connector, without the channel field", async () => {
    const seen: ConnectorCall[] = [];
    const router = createChannelRouter(channelsByName({ taobao: { invoke: async (c) => (seen.push(c), { ok: true, output: { accepted: true } }) } }));
    expect(await router.invoke(call({ channel: "taobao", platformOrderNo: "339812", trackingNo: "SF1" }))).toEqual({ ok: true, output: { accepted: true } });
    expect(seen).toEqual([{ ...call({ platformOrderNo: "339812", trackingNo: "SF1" }), connector: "taobao" }]);
  });

  it("names the channel and what is installed when the order's channel has no connector, or none is given", async () => {
    const router = createChannelRouter(channelsByName({ taobao: { invoke: async () => ({ ok: true, output: {} }) } }));
    expect(await router.invoke(call({ channel: "jd", platformOrderNo: "1" }))).toMatchObject({ ok: false, retryable: false, error: { code: "connector_not_installed", message: expect.stringContaining('channel "jd"') } });
    expect(await router.invoke(call({ platformOrderNo: "1" }))).toMatchObject({ ok: false, retryable: false, error: { code: "invalid_input", message: expect.stringContaining("input.channel") } });
  });
});
