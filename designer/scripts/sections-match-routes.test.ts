/**
 * The navigation offers a section to the roles that may call the route its
 * first page reads, no more and no fewer: a user never sees a section that
 * only answers 403, nor misses one they may use.
 */
import { describe, expect, it } from "vitest";
import { declaredRoutes } from "../../runtime-server/src/http/openapi/document";
import { alertRoutes } from "../../runtime-server/src/http/routes/alerts";
import { flowRoutes } from "../../runtime-server/src/http/routes/flows";
import { orderRoutes } from "../../runtime-server/src/http/routes/orders";
import { taskRoutes } from "../../runtime-server/src/http/routes/tasks";
import { SECTIONS, type SectionId } from "../src/app/sections";

const FIRST_PAGE: Record<SectionId, string> = { orders: "GET /orders", tasks: "GET /tasks", alerts: "GET /alerts", flows: "GET /flows" };

describe("the designer's sections", () => {
  const routes = declaredRoutes([...orderRoutes.routes, ...taskRoutes.routes, ...alertRoutes.routes, ...flowRoutes.routes]);

  it.each(SECTIONS.map((section) => [section.id, section] as const))("%s is offered to exactly the roles its route allows", (id, section) => {
    const route = routes.find((r) => `${r.method.toUpperCase()} ${r.path}` === FIRST_PAGE[id]);
    expect(route, FIRST_PAGE[id]).toBeDefined();
    expect([...section.roles].sort()).toEqual([...(route!.spec.roles as readonly string[])].sort());
  });
});
