/**
 * The `label` action, the same for every courier: the waybill label as a
 * PDF drawn locally (no call to the courier), from the step's input and the
 * sender in the connector's settings. Each courier connector declares it
 * with its own printed name.
 *
 * @example actions: [quote, createWaybill, cancelWaybill, defineLabelAction({ printedName: "顺丰速运 SF Express" }), track]
 */
import { defineAction, type ActionDefinition, type PropsValue } from "@orderflow/connector-sdk";
import { COURIER_ACTIONS, LabelOutputSchema, labelProps } from "./courier-actions";
import { senderSetting } from "./courier-props";
import { createLabelPdf } from "./label-pdf";

const senderSettings = { sender: senderSetting };
type Sender = PropsValue<typeof senderSettings>["sender"];

/** `printedName` is the courier's name at the top of the label, or a function of the settings for a courier named at install time. */
export function defineLabelAction(options: { printedName: string | ((settings: Record<string, unknown>) => string) }): ActionDefinition<typeof labelProps, typeof LabelOutputSchema, typeof senderSettings> {
  return defineAction({
    id: "label",
    name: COURIER_ACTIONS.label,
    description: { zh: "生成带条码（Code 128）的 100×150 毫米面单 PDF", en: "Makes the 100 × 150 mm waybill label as a PDF with a Code 128 barcode" },
    settings: senderSettings,
    props: labelProps,
    output: LabelOutputSchema,
    async run({ input, settings }) {
      const pdf = createLabelPdf({
        courier: typeof options.printedName === "string" ? options.printedName : options.printedName(settings),
        trackingNo: input.trackingNo,
        ...(input.service ? { service: input.service } : {}),
        recipient: { name: input.recipient.name, phone: input.recipient.phone, address: oneLine(input.address) },
        sender: { name: settings.sender.name, phone: settings.sender.phone, address: oneLine(settings.sender) },
        ...(input.orderNo ? { orderNo: input.orderNo } : {}),
        ...(input.weightKg === undefined ? {} : { weightKg: input.weightKg }),
      });
      return { trackingNo: input.trackingNo, fileName: `${input.trackingNo}.pdf`, contentType: "application/pdf" as const, pdfBase64: pdf.toString("base64") };
    },
  });
}

function oneLine(address: Pick<Sender, "province" | "city" | "district" | "detail">): string {
  return [address.province, address.city, address.district ?? "", address.detail].filter(Boolean).join(" ");
}
