/**
 * A courier-kit waybill request as YTO's create-order param, and YTO's
 * products by delivery speed.
 */
import type { CreateWaybillInput } from "@orderflow/courier-kit";
import type { DeliverySpeed, PropsValue } from "@orderflow/connector-sdk";
import type { settings } from "./settings";
import type { YtoCreateParam } from "./yto-messages";

/** YTO products: PK standard, YZD time-definite, XTCTK same-city express. */
export const PRODUCT_NAMES: Record<string, string> = { PK: "圆通普快", YZD: "圆准达", HKJ: "航空件", XTCTK: "同城特快" };

/** The product for a speed when the step names none; standard takes the account's chosen product. */
export function productFor(speed: DeliverySpeed | undefined, standardProduct: string): string {
  switch (speed ?? "standard") {
    case "standard":
      return standardProduct;
    case "express":
    case "next_day":
      return "YZD";
    case "same_day":
      return "XTCTK";
  }
}

export function toCreateParam(input: CreateWaybillInput, sender: PropsValue<typeof settings>["sender"], logisticsNo: string, productCode: string): YtoCreateParam {
  return {
    logisticsNo,
    senderName: sender.name,
    senderProvinceName: sender.province,
    senderCityName: sender.city,
    senderCountyName: sender.district ?? "",
    senderAddress: sender.detail,
    senderMobile: sender.phone,
    recipientName: input.recipient.name,
    recipientProvinceName: input.address.province,
    recipientCityName: input.address.city,
    recipientCountyName: input.address.district ?? "",
    recipientAddress: input.address.detail,
    recipientMobile: input.recipient.phone,
    goods: [{ name: input.contents ?? "商品", quantity: 1, weight: input.weightKg.toFixed(3) }],
    cstOrderNo: input.orderNo,
    weight: input.weightKg.toFixed(3),
    productCode,
  };
}
