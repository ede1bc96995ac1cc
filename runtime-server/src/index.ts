/**
 * @orderflow/runtime-server: durable execution of orderflow flows on
 * PostgreSQL (embedded PGlite by default).
 */
export { startServer, type ServerConfig, type RunningServer } from "./server";
export { createDatabase, type DatabaseConfig, type Dialect, type Storage } from "./storage/database";
export { migrateToLatest } from "./storage/migrate";
export { nextOrderId } from "./storage/orders";
export type { Database } from "./storage/schema";
export { startFlow, deliverEvent, InstanceNotFoundError, type Execution, type StartOptions } from "./execution/apply-step";
export { createFlowVersions, UnknownFlowError, type FlowVersions } from "./execution/flow-versions";
export { publishMessage } from "./execution/messages";
export { createScheduler, type Scheduler } from "./execution/scheduler";
export { createConnectorRuntime, type InstalledConnector } from "./execution/connector-registry";
export { receiveOrder, type IncomingOrder, type OrderReceipt } from "./intake/receive-order";
export { receiveWebhook, WebhookRejected, type WebhookBatch, type WebhookContent, type WebhookReceipt, type WebhookRequest, type WebhookSource } from "./intake/receive-webhook";
export { createWorker, type ConnectorCall, type ConnectorOutcome, type ConnectorRuntime, type Worker, type WorkerOptions } from "./execution/worker";
export { createInventoryConnector, inventoryActionInputs } from "./inventory/connector";
export { InventoryError, OutOfStockError, type Shortage } from "./inventory/errors";
export { reserveStock, releaseReservation, releaseOrder, commitReservation, findReservation, type Reservation } from "./inventory/reservations";
export { receiveStock, adjustStock, setSafetyStock, listStock, type StockLevel } from "./inventory/stock";
export { transferStock, type Transfer } from "./inventory/transfers";
export { sellableStock, setChannelAllocation } from "./inventory/sellable";
export { saveWarehouse, listWarehouses, type Warehouse } from "./inventory/warehouses";
export { chooseWarehouse, splitOrder } from "./inventory/routing/route-order";
export { decideWarehouse, planSplit, STRATEGIES } from "./inventory/routing/decide";
