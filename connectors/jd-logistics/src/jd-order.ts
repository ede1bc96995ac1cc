/** Courier-kit parcels and parties in JD's words, and JD's products by speed. */
import type { DeliverySpeed, PropsValue } from "@orderflow/connector-sdk";
import type { Dimensions } from "@orderflow/courier-kit";
import type { JdCargo, JdContact } from "./jd-messages";
import type { ProductCode, settings } from "./settings";

type Sender = PropsValue<typeof settings>["sender"];
interface Place {
  province: string;
  city: string;
  district?: string;
  detail?: string;
}

export function fullAddress(place: Place): string {
  return [place.province, place.city, place.district ?? "", place.detail ?? ""].filter(Boolean).join("");
}

export function senderContact(sender: Sender): JdContact {
  return { name: sender.name, mobile: sender.phone, fullAddress: fullAddress(sender) };
}

export function cargo(name: string, weightKg: number, dimensions: Dimensions | undefined): JdCargo {
  const volume = dimensions ? Math.round(dimensions.lengthCm * dimensions.widthCm * dimensions.heightCm) : 0;
  return { name, quantity: 1, weight: weightKg, volume };
}

/** The product for a speed when the step names none: standard takes the account's product, anything faster JD Express. */
export function productFor(speed: DeliverySpeed | undefined, standardProduct: ProductCode): ProductCode {
  return (speed ?? "standard") === "standard" ? standardProduct : "ed-m-0002";
}
