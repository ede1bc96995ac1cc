import { describe, expect, it } from "vitest";
import { ConnectorError, transientError } from "../errors";
import { checkRobotAnswer } from "./chat-robot";

const options = { platform: "DingTalk", codePrefix: "dingtalk", refusals: { 130101: (said: string) => transientError("rate_limited", `too fast (${said})`, 60_000) } };

function errorOf(body: unknown): ConnectorError | undefined {
  try {
    checkRobotAnswer(body, options);
    return undefined;
  } catch (error) {
    if (error instanceof ConnectorError) return error;
    throw error;
  }
}

describe("checkRobotAnswer", () => {
  it("takes errcode 0 as sent and turns the platform's own errcodes into their errors", () => {
    expect(errorOf({ errcode: 0, errmsg: "ok" })).toBeUndefined();
    expect(errorOf({ errcode: 130101, errmsg: "send too fast" })).toMatchObject({ code: "rate_limited", retryable: true, retryAfterMs: 60_000, message: "too fast (errcode 130101: send too fast)" });
  });

  it("refuses other errcodes under the platform's prefix, and an answer without errcode as unknown", () => {
    expect(errorOf({ errcode: 40035, errmsg: "bad" })).toMatchObject({ code: "dingtalk_40035", retryable: false, message: "DingTalk refused the message (errcode 40035: bad)" });
    expect(errorOf("<html>")).toMatchObject({ code: "bad_response", retryable: false, message: expect.stringContaining("DingTalk answered without an errcode") });
  });
});
