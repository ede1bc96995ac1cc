/** Which component draws each section's pages; `route.rest` says which page within it. */
import type { ReactNode } from "react";
import type { Me } from "../api/types";
import { AlertsSection } from "../sections/alerts/alerts-section";
import { FlowsSection } from "../sections/flows/flows-section";
import { OrdersSection } from "../sections/orders/orders-section";
import { TasksSection } from "../sections/tasks/tasks-section";
import type { Route } from "./routes";
import type { SectionId } from "./sections";

export interface SectionProps {
  route: Route;
  me: Me;
}

const PAGES: Record<SectionId, (props: SectionProps) => ReactNode> = {
  orders: OrdersSection,
  tasks: TasksSection,
  alerts: AlertsSection,
  flows: FlowsSection,
};

export function SectionPage({ section, route, me }: SectionProps & { section: SectionId }) {
  const Page = PAGES[section];
  return <Page route={route} me={me} />;
}
