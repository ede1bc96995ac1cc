/** The connector test kit: a mock context, local HTTP servers, fixtures from files, and the one-line contract test. */
export { createMockContext, type MockContext, type MockContextOptions } from "./mock-context";
export { startLocalServer, startScriptedServer, sendJson, type LocalServer, type RecordedRequest, type ScriptedResponse, type LocalHandler } from "./local-server";
export { answerWithFault, farSideFault, takeFaultFor, dropRepeats, type FarSideFault } from "./far-side-faults";
export { startChatRobotSimulator, type ChatRobotSimulator, type ChatRobotSimulatorOptions, type RobotFault, type RobotRefuse } from "./chat-robot-simulator";
export { deliverWebhook, type WebhookDelivery } from "./deliver-webhook";
export { loadFixtures, type Fixtures, type ActionFixture, type WebhookFixture } from "./fixtures";
export { contractTest, type ContractTestOptions } from "./contract-test";
export { sampleCanonicalOrder } from "./sample-order";
