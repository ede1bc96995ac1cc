import { contractTest } from "@orderflow/connector-sdk/testing";
import { smsHttp } from "./connector";

contractTest(smsHttp, {
  fixtures: new URL("../fixtures", import.meta.url),
  settings: (url) => ({
    provider: "fixture-sms",
    url: `${url}/v1/sms`,
    bodyTemplate: '{"to":"{{phone}}","content":"{{text}}","requestId":"{{idempotencyKey}}"}',
    headers: [{ name: "X-Api-Key", value: "{{apiKey}}" }],
    successPath: "code",
    successValue: "0",
    retryValues: ["RATE_LIMITED"],
    messageIdPath: "data.messageId",
    apiKey: "fixture-api-key",
    signingSecret: "fixture-signing-secret",
  }),
});
