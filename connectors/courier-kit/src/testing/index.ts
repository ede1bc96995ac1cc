/** Test kit for courier connectors' simulators: `@orderflow/courier-kit/testing`. */
export { answerThroughFault, createFaultPlan, type FaultPlan, type TransportFault } from "./fault-plan";
