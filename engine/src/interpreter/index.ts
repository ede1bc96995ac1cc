export { compileFlow, FlowValidationError, type CompiledFlow } from "./compile-flow";
export { startInstance, applyEvent, EventRejectedError } from "./step";
export { MemoryHost, type ConnectorReply, type FakeConnectors, type HistoryEntry, type HostedInstance, type MemoryHostOptions } from "./memory-host";
export type * from "./types";
