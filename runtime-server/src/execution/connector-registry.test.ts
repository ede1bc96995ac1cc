import { describe, expect, it } from "vitest";
import { createConnectorRuntime } from "./connector-registry";

const call = { connector: "inventory", action: "reserve", input: {}, idempotencyKey: "k1", attempt: 1, timeoutMs: 1000 };

describe("the connector runtime", () => {
  it("dispatches by connector id and passes the idempotency key on", async () => {
    const seen: string[] = [];
    const runtime = createConnectorRuntime({ inventory: { invoke: async (c) => (seen.push(c.idempotencyKey), { ok: true, output: { warehouse: "SH-01" } }) } });
    expect(await runtime.invoke(call)).toEqual({ ok: true, output: { warehouse: "SH-01" } });
    expect(seen).toEqual(["k1"]);
  });

  it("answers a call to a connector that is not installed with an error no retry can cure", async () => {
    const runtime = createConnectorRuntime({ courier: { invoke: async () => ({ ok: true, output: {} }) } });
    expect(await runtime.invoke(call)).toEqual({
      ok: false,
      retryable: false,
      error: { code: "connector_not_installed", message: expect.stringContaining('No connector "inventory" is installed for inventory.reserve') },
    });
  });

  it("sends notifications through the flow's channel or the default one", async () => {
    const sent: string[] = [];
    const dingtalk = { invoke: async () => ({ ok: true as const, output: {} }), notify: async (n: { message: { zh?: string } }) => (sent.push(n.message.zh!), { ok: true as const, output: {} }) };
    const runtime = createConnectorRuntime({ dingtalk }, "dingtalk");
    const notification = { type: "notify" as const, key: "n1", node: null, channel: null, to: { role: "supervisor" }, message: { zh: "订单超时" } };
    expect(await runtime.notify(notification, "n1")).toMatchObject({ ok: true });
    expect(sent).toEqual(["订单超时"]);
    expect(await createConnectorRuntime({}).notify(notification, "n1")).toMatchObject({ ok: false, error: { code: "no_channel" } });
  });
});
