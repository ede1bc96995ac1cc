/** Test kit for courier connectors' simulators: `@orderflow/courier-kit/testing`. */
export { createFaultPlan, type FaultPlan } from "./fault-plan";
