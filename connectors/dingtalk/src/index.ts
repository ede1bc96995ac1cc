export { dingtalk } from "./connector";
export { robotSignature, SIGNATURE_WINDOW_MS } from "./robot-signature";
export { robotRequestBody, type RobotMessage } from "./robot-message";
