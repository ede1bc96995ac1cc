/** Tasks: work for people, with the form they fill in. */
import { Type } from "@sinclair/typebox";
import { FlowId, LocalizedText, NullableTimestamp, Timestamp } from "./common";
import { InstanceState } from "./instances";

const Text = Type.Union([Type.String(), Type.Null()]);

export const Task = Type.Object({
  key: Type.String({ description: "The task's id." }),
  instanceId: Type.String(),
  orderId: Type.Union([Type.String(), Type.Null()], { description: "The global id of the order the task works on (GET /orders/{id}); null for a task of no order." }),
  flowId: FlowId,
  node: Type.String(),
  form: Type.String({ description: "The id of the form in the flow." }),
  title: LocalizedText,
  assignee: Type.Object({ role: Text, user: Text, warehouse: Text }),
  priority: Type.Union([Type.Literal("low"), Type.Literal("normal"), Type.Literal("high"), Type.Literal("urgent")]),
  status: Type.Union([Type.Literal("open"), Type.Literal("claimed"), Type.Literal("submitted"), Type.Literal("withdrawn")]),
  claimedBy: Text,
  claimedAt: NullableTimestamp,
  dueAt: NullableTimestamp,
  prefill: Type.Record(Type.String(), Type.Unknown(), { description: "Values the form starts with." }),
  submittedBy: Text,
  submittedAt: NullableTimestamp,
  createdAt: Timestamp,
});
export const TaskList = Type.Object({ tasks: Type.Array(Task) });

export const TaskForm = Type.Object({
  id: Type.String(),
  title: LocalizedText,
  schema: Type.Record(Type.String(), Type.Unknown(), { description: 'JSON Schema of the data; fields with format "photo" take the id of an uploaded file (POST /files).' }),
  uiSchema: Type.Record(Type.String(), Type.Unknown()),
});
export const TaskDetail = Type.Composite([
  Task,
  Type.Object({
    formDefinition: Type.Union([TaskForm, Type.Null()], { description: "Null when the flow defines no such form: any object of fields is taken." }),
    data: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()], { description: "What was submitted." }),
  }),
]);

export const TaskListQuery = Type.Object(
  {
    scope: Type.Optional(
      Type.Union([Type.Literal("mine"), Type.Literal("role"), Type.Literal("warehouse"), Type.Literal("everyone")], {
        description: "mine: assigned to me or claimed by me; role: open for one of my job roles (in my warehouse, when the task names one); warehouse: open in my warehouse (for my job role, when the task names one); everyone: every open or claimed task (supervisors and admins). Omitted: mine and every open task for me, including those naming nobody in particular.",
      }),
    ),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
  },
  { additionalProperties: false },
);

export const TaskKeyParam = Type.Object({ key: Type.String({ minLength: 1 }) });

export const SubmitBody = Type.Object(
  { data: Type.Record(Type.String(), Type.Unknown(), { description: "The form's fields; checked against the form's schema." }) },
  { additionalProperties: false },
);
export const Submitted = Type.Object({ task: Task, instance: InstanceState });
