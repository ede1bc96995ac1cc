/**
 * Quotes from the branch contract's rate table in the settings: ZTO's open
 * platform publishes no price API, and ZTO prices are agreed per branch.
 * Standard only (the order API has no faster product); no table, no quote.
 */
import { defineAction } from "@orderflow/connector-sdk";
import { COURIER_ACTIONS, QuoteOutputSchema, quoteFromTable, quoteProps } from "@orderflow/courier-kit";
import { COURIER_ID } from "./create-waybill";
import { allSettings } from "./settings";

export const quote = defineAction({
  id: "quote",
  name: COURIER_ACTIONS.quote,
  description: { zh: "按设置中的网点协议运费表报价（仅标准时效）", en: "Quotes from the branch contract's rate table in the settings (standard only)" },
  settings: allSettings,
  props: quoteProps,
  output: QuoteOutputSchema,
  async run({ input, settings, clock }) {
    if (input.speed !== undefined && input.speed !== "standard") return { quotes: [] };
    const parcel = { weightKg: input.weightKg, destination: input.destination, ...(input.dimensions ? { dimensions: input.dimensions } : {}) };
    return { quotes: quoteFromTable(settings, parcel, clock(), { courier: COURIER_ID, speed: "standard" }) };
  },
});
