/**
 * The tables as the application sees them today, for Kysely's type checking.
 * The migrations in `migrations/` are what creates them (and do not use these
 * types, so that they never change after shipping); read a table's migration
 * for what its columns mean. Types of values follow `type-parsers.ts`; jsonb
 * columns are written with `json()` (see `json.ts`).
 */
import type { ColumnType, Generated } from "kysely";
import type { InstanceSnapshot, LocalizedMessage } from "@orderflow/engine";
import type { JsonDocument, JsonDocumentWithDefault, Jsonb, JsonbOrNull, JsonbWithDefault } from "./json";

/** timestamptz: read as Date, written as a Date or an ISO string. */
export type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** timestamptz with a default (now()): may be left out of an insert. */
export type TimestampWithDefault = ColumnType<Date, Date | string | undefined, Date | string>;
export type TimestampOrNull = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
/** numeric: read as an exact decimal string ("199.90"). */
export type Numeric = ColumnType<string, string | number, string | number>;
/** text[] with a default ('{}'). */
export type TextArray = ColumnType<string[], string[] | undefined, string[]>;

export type InstanceStatus = "running" | "completed" | "cancelled" | "failed";
export type HistoryKind = "event" | "effect" | "trace";
export type OutboxStatus = "pending" | "running" | "done" | "dead" | "cancelled";
export type TaskStatus = "open" | "claimed" | "submitted" | "withdrawn";
export type TaskPriority = "low" | "normal" | "high" | "urgent";
export type AlertSeverity = "info" | "warning" | "critical";
export type AlertStatus = "raised" | "acknowledged" | "cleared";
export type InboundStatus = "accepted" | "duplicate" | "rejected";
export type ReservationState = "reserved" | "released" | "committed";
export type StockMovementKind = "receive" | "adjust" | "reserve" | "release" | "commit" | "transfer_out" | "transfer_in";
export type Role = "admin" | "designer" | "supervisor" | "staff" | "integrator";

export interface FlowsTable {
  id: string;
  name: Jsonb<LocalizedMessage>;
  draft: JsonDocument<unknown>;
  created_at: TimestampWithDefault;
  updated_at: TimestampWithDefault;
  updated_by: string | null;
}

export interface FlowVersionsTable {
  flow_id: string;
  version: number;
  document: JsonDocument<unknown>;
  published_at: TimestampWithDefault;
  published_by: string | null;
}

export interface FormsTable {
  id: string;
  flow_id: string | null;
  schema: JsonDocument<Record<string, unknown>>;
  ui_schema: JsonDocumentWithDefault<Record<string, unknown>>;
  updated_at: TimestampWithDefault;
  updated_by: string | null;
}

export interface OrdersTable {
  id: string;
  channel: string;
  shop: string;
  platform_order_no: string;
  buyer_name: string | null;
  phone: string | null;
  /** A code: "new" at intake, then what the flows set (see the order.status effect). */
  status: string;
  /** The status's display name as the flow that set it names it; null when none did. */
  status_name: JsonbOrNull<{ zh?: string; en?: string }>;
  total: Numeric;
  data: Jsonb<Record<string, unknown>>;
  raw: JsonbOrNull<unknown>;
  created_at: TimestampWithDefault;
  updated_at: TimestampWithDefault;
}

export interface OrderCountersTable {
  /** "2026-11-22" */
  day: string;
  last: number;
}

export interface InstancesTable {
  id: string;
  flow_id: string;
  flow_version: number;
  status: ColumnType<InstanceStatus, InstanceStatus | undefined, InstanceStatus>;
  input: Jsonb<unknown>;
  snapshot: Jsonb<InstanceSnapshot>;
  version: Generated<number>;
  waiting_at: TextArray;
  exceptions: TextArray;
  /** Entries in the instance's history; the next gets seq history_length + 1. */
  history_length: ColumnType<number, number | undefined, number>;
  parent_id: string | null;
  parent_key: string | null;
  order_id: string | null;
  created_at: TimestampWithDefault;
  updated_at: TimestampWithDefault;
  finished_at: TimestampOrNull;
}

export interface InstanceHistoryTable {
  id: Generated<number>;
  instance_id: string;
  seq: number;
  at: TimestampWithDefault;
  kind: HistoryKind;
  type: string;
  node: string | null;
  actor: string | null;
  data: JsonbWithDefault<Record<string, unknown>>;
  /** On an event's row: the engine's trace of the step it caused, entries numbered seq + 1… (see storage/history.ts). */
  trace: JsonbOrNull<TraceRecord[]>;
}

/** A trace entry as kept in its event's row: the engine's entry without its time (the event's). */
export interface TraceRecord {
  type: string;
  node?: string;
  [field: string]: unknown;
}

export interface OutboxTable {
  id: Generated<number>;
  key: string;
  instance_id: string | null;
  type: string;
  payload: Jsonb<unknown>;
  status: ColumnType<OutboxStatus, OutboxStatus | undefined, OutboxStatus>;
  due_at: TimestampWithDefault;
  attempts: Generated<number>;
  max_attempts: number;
  last_error: string | null;
  lease_owner: string | null;
  lease_until: TimestampOrNull;
  fencing_token: Generated<number>;
  created_at: TimestampWithDefault;
  updated_at: TimestampWithDefault;
}

export interface SubscriptionsTable {
  key: string;
  instance_id: string;
  node: string;
  event: string;
  correlation: JsonbWithDefault<unknown>;
  created_at: TimestampWithDefault;
}

export interface TasksTable {
  key: string;
  instance_id: string;
  node: string;
  form: string;
  title: Jsonb<LocalizedMessage>;
  assignee_role: string | null;
  assignee_user: string | null;
  assignee_warehouse: string | null;
  priority: ColumnType<TaskPriority, TaskPriority | undefined, TaskPriority>;
  status: ColumnType<TaskStatus, TaskStatus | undefined, TaskStatus>;
  claimed_by: string | null;
  claimed_at: TimestampOrNull;
  due_at: TimestampOrNull;
  prefill: JsonbWithDefault<Record<string, unknown>>;
  data: JsonbOrNull<Record<string, unknown>>;
  submitted_by: string | null;
  submitted_at: TimestampOrNull;
  created_at: TimestampWithDefault;
}

export interface AlertsTable {
  id: Generated<number>;
  key: string;
  instance_id: string | null;
  alert: string;
  severity: AlertSeverity;
  message: Jsonb<LocalizedMessage>;
  node: string | null;
  status: ColumnType<AlertStatus, AlertStatus | undefined, AlertStatus>;
  raised_at: TimestampWithDefault;
  acknowledged_by: string | null;
  acknowledged_at: TimestampOrNull;
  cleared_at: TimestampOrNull;
}

export interface InboundEventsTable {
  id: Generated<number>;
  source: string;
  dedupe_key: string | null;
  received_at: TimestampWithDefault;
  status: InboundStatus;
  error: string | null;
  headers: JsonbWithDefault<Record<string, string>>;
  body: string;
  instance_id: string | null;
}

export interface ScheduleFiringsTable {
  schedule_id: string;
  due_at: Timestamp;
  fired_at: TimestampWithDefault;
  fired_by: string;
}

export interface UsersTable {
  id: Generated<string>;
  login: string;
  display_name: string;
  password_hash: string | null;
  roles: ColumnType<Role[], Role[] | undefined, Role[]>;
  warehouse: string | null;
  /** Lowercase snake_case ids such as "picker": the tasks flows assign by role. */
  job_roles: ColumnType<string[], string[] | undefined, string[]>;
  disabled: Generated<boolean>;
  created_at: TimestampWithDefault;
}

export interface SessionsTable {
  token_hash: string;
  user_id: string;
  created_at: TimestampWithDefault;
  expires_at: Timestamp;
}

export interface ApiTokensTable {
  id: Generated<string>;
  name: string;
  token_hash: string;
  user_id: string;
  roles: Role[];
  created_at: TimestampWithDefault;
  last_used_at: TimestampOrNull;
  revoked_at: TimestampOrNull;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: TimestampWithDefault;
  actor: string;
  action: string;
  target_type: string;
  target_id: string;
  before: JsonbOrNull<unknown>;
  after: JsonbOrNull<unknown>;
}

export interface FilesTable {
  id: Generated<string>;
  sha256: string;
  content_type: string;
  size: number;
  bytes: Buffer;
  uploaded_by: string | null;
  uploaded_at: TimestampWithDefault;
}

export interface WarehousesTable {
  id: string;
  name: Jsonb<LocalizedMessage>;
  province: string;
  city: string | null;
  priority: ColumnType<number, number | undefined, number>;
  cost_per_parcel: ColumnType<string, string | number | undefined, string | number>;
  active: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: TimestampWithDefault;
  updated_at: TimestampWithDefault;
}

export interface StockTable {
  sku: string;
  warehouse: string;
  on_hand: ColumnType<number, number | undefined, number>;
  reserved: ColumnType<number, number | undefined, number>;
  safety_stock: ColumnType<number, number | undefined, number>;
  low_stock_alert: string | null;
  updated_at: TimestampWithDefault;
}

export interface ReservationsTable {
  id: string;
  order_no: string | null;
  state: ColumnType<ReservationState, ReservationState | undefined, ReservationState>;
  actor: string | null;
  created_at: TimestampWithDefault;
  updated_at: TimestampWithDefault;
}

export interface ReservationLinesTable {
  reservation_id: string;
  sku: string;
  warehouse: string;
  quantity: number;
  state: ColumnType<ReservationState, ReservationState | undefined, ReservationState>;
}

export interface StockTransfersTable {
  id: string;
  sku: string;
  from_warehouse: string;
  to_warehouse: string;
  quantity: number;
  actor: string | null;
  reason: string | null;
  at: TimestampWithDefault;
}

export interface StockMovementsTable {
  id: Generated<number>;
  at: TimestampWithDefault;
  sku: string;
  warehouse: string;
  kind: StockMovementKind;
  on_hand_change: number;
  reserved_change: number;
  on_hand_after: number;
  reserved_after: number;
  reservation_id: string | null;
  transfer_id: string | null;
  actor: string | null;
  reason: string | null;
}

export interface ChannelAllocationsTable {
  channel: string;
  /** "*": every SKU without a row of its own. */
  sku: ColumnType<string, string | undefined, string>;
  percent: ColumnType<string | null, string | number | null | undefined, string | number | null>;
  quota: number | null;
  updated_at: TimestampWithDefault;
}

/** What an installed connector keeps between calls (cursors, seen ids, tokens), by installation and key. */
export interface ConnectorStateTable {
  installation: string;
  key: string;
  value: Jsonb<unknown>;
  updated_at: TimestampWithDefault;
}

export interface ConnectorInstallationsTable {
  id: string;
  connector: string;
  shop: string | null;
  display_name: string;
  /** The settings that are not secrets, as staff entered them. */
  settings: Jsonb<Record<string, unknown>>;
  /** Secret field → its sealed value ("v1.…"). */
  secrets: Jsonb<Record<string, string>>;
  enabled: ColumnType<boolean, boolean | undefined, boolean>;
  created_by: string;
  created_at: TimestampWithDefault;
  updated_by: string;
  updated_at: TimestampWithDefault;
}

export interface Database {
  flows: FlowsTable;
  flow_versions: FlowVersionsTable;
  forms: FormsTable;
  orders: OrdersTable;
  order_counters: OrderCountersTable;
  instances: InstancesTable;
  instance_history: InstanceHistoryTable;
  outbox: OutboxTable;
  subscriptions: SubscriptionsTable;
  tasks: TasksTable;
  alerts: AlertsTable;
  inbound_events: InboundEventsTable;
  schedule_firings: ScheduleFiringsTable;
  users: UsersTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  audit_log: AuditLogTable;
  files: FilesTable;
  warehouses: WarehousesTable;
  stock: StockTable;
  reservations: ReservationsTable;
  reservation_lines: ReservationLinesTable;
  stock_transfers: StockTransfersTable;
  stock_movements: StockMovementsTable;
  channel_allocations: ChannelAllocationsTable;
  connector_state: ConnectorStateTable;
  connector_installations: ConnectorInstallationsTable;
}
