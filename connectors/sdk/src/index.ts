/**
 * @orderflow/connector-sdk: declare a connector (`defineConnector`,
 * `defineAction`, `defineWebhookTrigger`, `definePollingTrigger`, `Prop.*`,
 * `Auth.*`), map orders to the canonical order, reach the far side with
 * `createHttpClient`, and install the result in a host with
 * `installConnector`. Test kit: `@orderflow/connector-sdk/testing`.
 */
export { Type, type Static, type TSchema } from "@sinclair/typebox";
export type { LocalizedText, Locale } from "./localized";
export { ConnectorError, permanentError, transientError, type ConnectorErrorOptions } from "./errors";
export { Prop, propsSchema, type Props, type PropsValue, type PropOptions, type SelectOption } from "./props/prop";
export { openPlatformSettings, openPlatformCredentials, type OpenPlatformSettingsOptions, type OpenPlatformCredentialsOptions } from "./props/open-platform-props";
export { formFor, type PropsForm } from "./props/form";
export { defineAction, type ActionContext, type ActionDefinition } from "./definition/action";
export {
  defineWebhookTrigger,
  definePollingTrigger,
  rejectWebhook,
  headerOf,
  WebhookRejection,
  type TriggerEvent,
  type TriggerDefinition,
  type TriggerContext,
  type PollingContext,
  type PollWindow,
  type WebhookRequest,
  type WebhookTriggerDefinition,
  type SignedBody,
  type PollingTriggerDefinition,
} from "./definition/triggers";
export { defineConnector, CONNECTOR_CATEGORIES, type ConnectorCategory, type ConnectorDefinition, type Notification, type NotifyContext } from "./definition/connector";
export { isSnakeCase } from "./definition/declaration-checks";
export { Auth, type AuthDefinition, type AuthKind, type AuthContext, type SignRequest } from "./auth/auth";
export { oauth2Auth, type OAuth2Options, type TokenSet } from "./auth/oauth2";
export { sortedParams, hmacSha256Hex, hmacSha256Base64, md5Hex, secretWrappedMd5, secretWrappedMd5Problem, signedMd5Form, signaturesMatch, type SortedParamsOptions } from "./auth/signing";
export { createSecretBox, type SecretBox } from "./auth/secret-box";
export { redactSecrets, sealSecrets, openSecrets, REDACTED } from "./auth/secret-fields";
export { createHttpClient, parseRetryAfter, type HttpClient, type HttpClientOptions, type HttpRequest, type HttpResponse, type Authorizer, type OutgoingRequest, type RetryPolicy } from "./http/http-client";
export { postGatewayForm, type GatewayFormCall } from "./http/form-gateway";
export { createRateBudgets, type RateBudgets, type RateBudgetOptions } from "./http/rate-budget";
export { createMemoryStore, type ConnectorStore } from "./store";
export {
  CanonicalOrderSchema,
  OrderLineSchema,
  checkCanonicalOrder,
  toIncomingOrder,
  PAYMENT_STATUSES,
  DELIVERY_SPEEDS,
  PLATFORM_STATUSES,
  type CanonicalOrder,
  type OrderLine,
  type PaymentStatus,
  type DeliverySpeed,
  type PlatformStatus,
  type IncomingOrderShape,
} from "./canonical-order/canonical-order";
export { toMoney, toMinorUnits, fromMinorUnits, sumMoney, multiplyMoney, MONEY_PATTERN } from "./canonical-order/money";
export { toBeijingTime, fromBeijingTime } from "./canonical-order/beijing-time";
export { settleRefusedShipment, type ShipmentReadBack, type RefusedShipment } from "./shipment/refused-shipment";
export { recipientDirectoryProp, recipientAddresses, describeAudience, type DirectoryEntry } from "./notification/recipients";
export { messageLanguageProp, messageText } from "./notification/message-text";
export {
  chatRobotSettings,
  checkRobotAnswer,
  robotNotice,
  isRobotMobile,
  ROBOT_MOBILE_PATTERN,
  ROBOT_MESSAGE_FORMATS,
  CHAT_ROBOT_RATE_LIMIT,
  type ChatRobotSettingsOptions,
  type RobotAnswerOptions,
  type ChatRobotInstalled,
} from "./notification/chat-robot";
export { checkAgainst, describeProblems, type FieldProblem } from "./validation/schema-validator";
export { installConnector, ConnectorSettingsError, type InstallOptions, type InstalledSdkConnector } from "./install/install-connector";
export type { ConnectorCall, ConnectorOutcome, HostEvent, HostWebhookContent, HostWebhookSource, HostInstalledConnector } from "./install/host-contract";
export { createPoller, type Poller, type PollBatch } from "./triggers/poller";
export { fetchInSpans, fetchLastPageFirst, type Span, type FetchSpanPage } from "./triggers/window-spans";
