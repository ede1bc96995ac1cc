/**
 * The `channel` connector: flows written once for every sales channel (push
 * the tracking number back to "the platform the order came from") name
 * `channel` and pass the order's channel in `input.channel`, and, where one
 * channel has several shops installed, the order's shop in `input.shop`; the
 * call goes to the connector installed for that channel (and shop), without
 * those two fields.
 *
 * @example
 * const connectors = { taobao, shopify };
 * const installed = { ...connectors, channel: createChannelRouter(channelsByName(connectors)) };
 * // a flow's { connector: "channel", action: "push_shipment", input: { channel: "taobao", … } } reaches taobao.push_shipment
 */
import type { InstalledConnector } from "./connector-registry";

/** Where the router looks a channel up; asked at every call, so installations made meanwhile count. */
export interface SalesChannels {
  /** The connector serving `channel` (a connector id such as taobao) for `shop` when given. */
  find(channel: string, shop: string | undefined): InstalledConnector | undefined;
  /** What is installed, for the message when nothing serves the channel. */
  names(): readonly string[];
}

/** Channels served by the connector installed under the channel's own name (one shop per channel). */
export function channelsByName(installed: Readonly<Record<string, InstalledConnector>>): SalesChannels {
  return { find: (channel) => installed[channel], names: () => Object.keys(installed) };
}

export function createChannelRouter(channels: SalesChannels): InstalledConnector {
  return {
    invoke(call) {
      const { channel, shop, ...input } = call.input;
      if (typeof channel !== "string" || channel === "") {
        return Promise.resolve({ ok: false, error: { code: "invalid_input", message: `${call.connector}.${call.action}: input.channel must name the order's sales channel (e.g. { "var": "input.channel" })` }, retryable: false });
      }
      const target = channels.find(channel, typeof shop === "string" && shop !== "" ? shop : undefined);
      if (!target) {
        const installed = channels.names().join(", ") || "(none installed)";
        return Promise.resolve({ ok: false, error: { code: "connector_not_installed", message: `The order came from channel "${channel}", but no connector "${channel}" is installed to ${call.action} there: install it, or use one of ${installed}` }, retryable: false });
      }
      return target.invoke({ ...call, connector: channel, input });
    },
  };
}
