/** Orders: the order centre's search, and one order with its instances and timeline. */
import { Type } from "@sinclair/typebox";
import { Timestamp } from "./common";
import { InstanceState, TimelineEntry } from "./instances";

export const OrderSummary = Type.Object({
  id: Type.String({ description: "The global order id, e.g. DB20261122000123." }),
  channel: Type.String({ description: "The sales channel (taobao, jd, douyin…)." }),
  shop: Type.String(),
  platformOrderNo: Type.String({ description: "The platform's own order number." }),
  buyerName: Type.Union([Type.String(), Type.Null()]),
  phone: Type.Union([Type.String(), Type.Null()]),
  status: Type.String({ description: 'A code: "new" when the order arrives, then the status each step of its flow declares (e.g. "picking"), and "completed", "cancelled" or "failed" when the flow ends without one.' }),
  statusName: Type.Object(
    { zh: Type.Optional(Type.String()), en: Type.Optional(Type.String()) },
    { description: 'How staff read the status, e.g. { "zh": "待拣货", "en": "Picking" }: as the flow named it when it set it.' },
  ),
  inException: Type.Boolean({ description: "True while a step of the order waits in the exceptions list for staff to retry, skip or cancel; the status stays what it was." }),
  total: Type.String({ description: 'An exact decimal, e.g. "199.90".' }),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

export const OrderPage = Type.Object({
  orders: Type.Array(OrderSummary, { description: "Newest first." }),
  nextCursor: Type.Union([Type.String(), Type.Null()], { description: "Pass as `cursor` for the next page; null on the last page." }),
});

export const OrderTimelineEntry = Type.Composite([TimelineEntry, Type.Object({ instanceId: Type.String() })]);

export const OrderDetail = Type.Composite([
  OrderSummary,
  Type.Object({
    data: Type.Record(Type.String(), Type.Unknown(), { description: "The canonical order the flows see." }),
    raw: Type.Unknown({ description: "The platform's payload as received (null when none was kept)." }),
    instances: Type.Array(InstanceState, { description: "The instances the order started, oldest first." }),
    timeline: Type.Array(OrderTimelineEntry, { description: "Every instance's timeline merged, in the order things happened." }),
  }),
]);

const Text = (description: string) => Type.Optional(Type.String({ minLength: 1, maxLength: 200, description }));

export const OrderSearchQuery = Type.Object(
  {
    q: Text("One search box: a global id, the start of a platform order number, a phone (its last 4 digits or its start) or the start of a buyer's name."),
    id: Text("The global order id, exactly."),
    platformOrderNo: Text("The start of the platform's order number."),
    buyer: Text("The start of the buyer's name, any case."),
    phone: Type.Optional(Type.String({ pattern: "^\\+?[0-9 -]{4,20}$", description: "The whole phone number (or its start), or its last 4 digits." })),
    status: Text('The status code, exactly (e.g. "picking").'),
    inException: Type.Optional(Type.Boolean({ description: "true: only orders with a step in the exceptions list; false: only those without." })),
    channel: Text("The sales channel, exactly."),
    shop: Text("The shop, exactly."),
    createdFrom: Type.Optional(Type.String({ format: "date-time", description: "Created at or after this time." })),
    createdTo: Type.Optional(Type.String({ format: "date-time", description: "Created before this time." })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
    cursor: Type.Optional(Type.String({ pattern: "^[A-Za-z0-9_-]+$", description: "The `nextCursor` of the previous page." })),
  },
  { additionalProperties: false },
);

export const OrderIdParam = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
