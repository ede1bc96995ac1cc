/** Prices the parcel from the rate table: one quote per speed offered, none outside the zones. */
import { defineAction } from "@orderflow/connector-sdk";
import { COURIER_ACTIONS, QuoteOutputSchema, quoteProps } from "@orderflow/courier-kit";
import { quoteParcel } from "./rate-table";
import { allSettings } from "./settings";

export const quote = defineAction({
  id: "quote",
  name: COURIER_ACTIONS.quote,
  description: { zh: "按运费表计算运费与时效；目的地不在任何区域时无报价", en: "Prices the parcel from the rate table; no quote when the destination is in no zone" },
  settings: allSettings,
  props: quoteProps,
  output: QuoteOutputSchema,
  async run({ input, settings, clock }) {
    const parcel = { weightKg: input.weightKg, destination: input.destination, ...(input.dimensions ? { dimensions: input.dimensions } : {}) };
    return { quotes: quoteParcel(settings, parcel, clock(), input.speed) };
  },
});
