/** The order centre: `#/orders` searches, `#/orders/<id>` opens one order. */
import type { SectionProps } from "../../app/section-pages";
import { OrderPage } from "./order-page";
import { OrderSearch } from "./order-search";

export function OrdersSection({ route }: SectionProps) {
  const id = route.rest[0];
  return id === undefined ? <OrderSearch query={route.query} /> : <OrderPage id={id} />;
}
