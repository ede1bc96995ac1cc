/**
 * The built-in `courier` connector: a flow's courier steps written once,
 * whichever couriers the shop has installed.
 *
 * - `choose_best` quotes the parcel with every installed courier connector
 *   (category courier), or those listed in `input.couriers`, and picks one by
 *   the rule staff chose: `cheapest`, `fastest`, or `priority` with
 *   `input.priority` (courier ids, best first). A courier that cannot quote
 *   (down, refuses the destination) is left out and listed in `unavailable`.
 * - Every other action (`create_waybill`, `cancel_waybill`, `label`, `track`,
 *   `quote`) goes to the courier named in `input.courier`, without that
 *   field, as `channel` does for sales channels.
 *
 * @example
 * // { connector: "courier", action: "choose_best", input: { rule: "cheapest", weightKg: 1.2, destination: { province: "上海市", city: "上海市" } } }
 * // → { courier: "sf_express", service: "2", quote: {…}, ranked: […], reason: { zh, en }, unavailable: [] }
 * // { connector: "courier", action: "create_waybill", input: { courier: "sf_express", … } } reaches sf_express.create_waybill
 */
import { chooseBest, type ChoiceRule, type Quote } from "@orderflow/courier-kit";
import type { InstalledConnector } from "./connector-registry";
import type { ConnectorCall, ConnectorOutcome } from "./worker";

const RULES = ["cheapest", "fastest", "priority"] as const;
const QUOTE_FIELDS = ["weightKg", "dimensions", "destination", "speed"] as const;

/**
 * @param installed every installed connector as of now (installations come and go while the server runs);
 * those whose declaration says category courier are the couriers.
 */
export function createCourierConnector(installed: () => Readonly<Record<string, InstalledConnector>>): InstalledConnector {
  const couriersNow = () => Object.fromEntries(Object.entries(installed()).filter(([, connector]) => connector.definition?.category === "courier"));
  const invalid = (message: string): ConnectorOutcome => ({ ok: false, error: { code: "invalid_input", message }, retryable: false });
  const notInstalled = (message: string): ConnectorOutcome => ({ ok: false, error: { code: "connector_not_installed", message }, retryable: false });
  const installedList = () => Object.keys(couriersNow()).join(", ") || "(none installed)";

  async function chooseBestCourier(call: ConnectorCall): Promise<ConnectorOutcome> {
    const { rule, priority, couriers: listed } = call.input;
    const couriers = couriersNow();
    if (!RULES.includes(rule as (typeof RULES)[number])) return invalid(`courier.choose_best: input.rule must be one of ${RULES.join(", ")}, got ${JSON.stringify(rule)}`);
    const isIdList = (value: unknown): value is string[] => Array.isArray(value) && value.length > 0 && value.every((id) => typeof id === "string");
    if (rule === "priority" && !isIdList(priority)) return invalid('courier.choose_best: with rule "priority", input.priority must list courier ids, best first (e.g. ["sf_express", "zto"])');
    if (listed !== undefined && !isIdList(listed)) return invalid('courier.choose_best: input.couriers, when given, must list courier ids (e.g. ["sf_express", "zto"])');
    const ids = listed ?? Object.keys(couriers);
    const missing = ids.filter((id) => !couriers[id]);
    if (missing.length > 0) return notInstalled(`courier.choose_best: no courier connector ${missing.map((id) => `"${id}"`).join(", ")} is installed: install it, or choose among ${installedList()}`);
    if (ids.length === 0) return notInstalled("courier.choose_best: no courier connector is installed to quote the parcel: install one (see connectors/README.md)");

    const quoteInput = Object.fromEntries(QUOTE_FIELDS.filter((field) => call.input[field] !== undefined).map((field) => [field, call.input[field]]));
    const answers = await Promise.all(
      ids.map(async (id) => ({ id, outcome: await couriers[id]!.invoke({ ...call, connector: id, action: "quote", input: quoteInput, idempotencyKey: `${call.idempotencyKey}:${id}` }) })),
    );
    const quotes: Quote[] = [];
    const unavailable: { courier: string; code: string; message: string }[] = [];
    for (const { id, outcome } of answers) {
      if (outcome.ok) {
        // The installation's id is what create_waybill is routed by.
        for (const quote of (outcome.output as { quotes: Quote[] }).quotes) quotes.push({ ...quote, courier: id });
      } else {
        unavailable.push({ courier: id, code: outcome.error.code ?? "failed", message: outcome.error.message });
      }
    }
    if (quotes.length === 0) {
      const retryable = answers.filter((a) => !a.outcome.ok && a.outcome.retryable);
      const why = unavailable.map((u) => `${u.courier}: ${u.message}`).join("; ") || "no courier offers a service for this parcel";
      // Retried when a courier that could not answer may answer later; refused for good when every courier said no.
      return { ok: false, error: { code: "no_quote", message: `courier.choose_best: no courier quoted (${why})` }, retryable: retryable.length > 0 };
    }
    try {
      const choice = chooseBest(quotes, rule === "priority" ? { priority: priority as string[] } : (rule as ChoiceRule));
      return { ok: true, output: { courier: choice.chosen.courier, service: choice.chosen.service, quote: choice.chosen, ranked: choice.ranked, reason: choice.reason, unavailable } };
    } catch (error) {
      return invalid(`courier.choose_best: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  return {
    invoke(call) {
      if (call.action === "choose_best") return chooseBestCourier(call);
      const { courier, ...input } = call.input;
      if (typeof courier !== "string" || courier === "") {
        return Promise.resolve(invalid(`courier.${call.action}: input.courier must name the courier connector (e.g. { "var": "steps.choose_courier.output.courier" } or "sf_express")`));
      }
      const target = couriersNow()[courier];
      if (!target) return Promise.resolve(notInstalled(`No courier connector "${courier}" is installed to ${call.action}: install it, or use one of ${installedList()}`));
      return target.invoke({ ...call, connector: courier, input });
    },
  };
}
