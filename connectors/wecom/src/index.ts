export { wecom } from "./connector";
export { robotRequestBody, type RobotMessage } from "./robot-message";
