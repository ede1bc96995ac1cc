/**
 * The API's answers as the designer reads them: the types of the server's own
 * schemas (runtime-server/src/http/schemas), so the two cannot drift apart.
 */
import type { Static } from "@sinclair/typebox";
import type { Alert as AlertSchema, AlertList as AlertListSchema } from "../../../runtime-server/src/http/schemas/alerts";
import type { ErrorBody as ErrorBodyType } from "../../../runtime-server/src/http/schemas/common";
import type { FlowList as FlowListSchema, FlowVersionDetail as FlowVersionDetailSchema } from "../../../runtime-server/src/http/schemas/flows";
import type { OrderDetail as OrderDetailSchema, OrderPage as OrderPageSchema, OrderSummary as OrderSummarySchema, OrderTimelineEntry as OrderTimelineEntrySchema } from "../../../runtime-server/src/http/schemas/orders";
import type { Me as MeSchema } from "../../../runtime-server/src/http/schemas/people";
import type { Submitted as SubmittedSchema, Task as TaskSchema, TaskDetail as TaskDetailSchema, TaskList as TaskListSchema } from "../../../runtime-server/src/http/schemas/tasks";

export type Me = Static<typeof MeSchema>;
export type Role = Me["user"]["roles"][number];
export type OrderSummary = Static<typeof OrderSummarySchema>;
export type OrderPage = Static<typeof OrderPageSchema>;
export type OrderDetail = Static<typeof OrderDetailSchema>;
export type TimelineEntry = Static<typeof OrderTimelineEntrySchema>;
export type Task = Static<typeof TaskSchema>;
export type TaskList = Static<typeof TaskListSchema>;
export type TaskDetail = Static<typeof TaskDetailSchema>;
export type Submitted = Static<typeof SubmittedSchema>;
export type Alert = Static<typeof AlertSchema>;
export type AlertList = Static<typeof AlertListSchema>;
export type FlowList = Static<typeof FlowListSchema>;
export type FlowVersionDetail = Static<typeof FlowVersionDetailSchema>;
export type ErrorBody = ErrorBodyType;
