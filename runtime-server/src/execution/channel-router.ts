/**
 * The `channel` connector: flows written once for every sales channel (push
 * the tracking number back to "the platform the order came from") name
 * `channel` and pass the order's channel in `input.channel`; the call goes
 * to the installed connector of that id, without that field.
 *
 * @example
 * const connectors = { taobao, shopify };
 * const installed = { ...connectors, channel: createChannelRouter(connectors) };
 * // a flow's { connector: "channel", action: "push_shipment", input: { channel: "taobao", … } } reaches taobao.push_shipment
 */
import type { InstalledConnector } from "./connector-registry";

export function createChannelRouter(channels: Readonly<Record<string, InstalledConnector>>): InstalledConnector {
  return {
    invoke(call) {
      const { channel, ...input } = call.input;
      if (typeof channel !== "string" || channel === "") {
        return Promise.resolve({ ok: false, error: { code: "invalid_input", message: `${call.connector}.${call.action}: input.channel must name the order's sales channel (e.g. { "var": "input.channel" })` }, retryable: false });
      }
      const target = channels[channel];
      if (!target) {
        const installed = Object.keys(channels).join(", ") || "(none installed)";
        return Promise.resolve({ ok: false, error: { code: "connector_not_installed", message: `The order came from channel "${channel}", but no connector "${channel}" is installed to ${call.action} there: install it, or use one of ${installed}` }, retryable: false });
      }
      return target.invoke({ ...call, connector: channel, input });
    },
  };
}
