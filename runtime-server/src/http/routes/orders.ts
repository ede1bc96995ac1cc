/** Orders: the order centre's search, and one order with its instances and timeline. */
import { Hono } from "hono";
import type { Role } from "../../auth/roles";
import { defineEndpoint, endpoint } from "../endpoint";
import type { Env } from "../env";
import { orderDetail, searchOrders } from "../queries/orders";
import { OrderDetail, OrderIdParam, OrderPage, OrderSearchQuery } from "../schemas/orders";

const SEARCHERS: Role[] = ["admin", "supervisor", "integrator"];

const search = defineEndpoint({
  summary: "Search orders by global id, platform order number, buyer, phone, status, channel, shop or time",
  description: "Every filter given must hold. `phone` with 4 digits matches the number's end. Newest first, a page at a time: pass `nextCursor` back as `cursor`.",
  tag: "Orders",
  roles: SEARCHERS,
  query: OrderSearchQuery,
  responses: { 200: { description: "A page of orders", schema: OrderPage } },
});

const get = defineEndpoint({
  summary: "Read an order with its instances and their merged timeline",
  description: "Staff may open it too: the warehouse execution sheet's code opens the order.",
  tag: "Orders",
  roles: [...SEARCHERS, "staff"],
  params: OrderIdParam,
  responses: { 200: { description: "The order", schema: OrderDetail }, 404: { description: "No such order" } },
});

export const orderRoutes = new Hono<Env>()
  .get("/orders", endpoint(search), async (c) => c.json(await searchOrders(c.var.deps.db, c.req.valid("query")), 200))
  .get("/orders/:id", endpoint(get), async (c) => c.json(await orderDetail(c.var.deps, c.req.valid("param").id), 200));
