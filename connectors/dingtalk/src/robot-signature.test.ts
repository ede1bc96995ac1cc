import { createMemoryStore } from "@orderflow/connector-sdk";
import { describe, expect, it } from "vitest";
import { robotSignature } from "./robot-signature";
import { auth } from "./settings";

describe("the robot signature", () => {
  it("matches the HMAC openssl computes for DingTalk's string to sign", () => {
    // printf '1700000000000\nSECxyz' | openssl dgst -sha256 -hmac SECxyz -binary | base64
    expect(robotSignature("SECxyz", 1_700_000_000_000)).toBe("0PUR1j8g85Xg3vlFV/UrEcxXfF5HpCAGzcjrNfyJoyg=");
  });

  it("is URL-encoded into the query with the timestamp and the access token, and left out when the robot does not sign", async () => {
    const at = new Date(1_700_000_000_000);
    const request = { method: "POST", url: new URL("https://oapi.dingtalk.com/robot/send"), headers: {}, body: "{}" };
    const authorize = (credentials: { accessToken: string; signSecret?: string }) =>
      auth.createAuthorizer({ credentials, store: createMemoryStore(), clock: () => at, fetch }).authorize(request);
    const signed = await authorize({ accessToken: "tok", signSecret: "SECxyz" });
    expect(signed.url.search).toBe("?access_token=tok&timestamp=1700000000000&sign=0PUR1j8g85Xg3vlFV%2FUrEcxXfF5HpCAGzcjrNfyJoyg%3D");
    expect((await authorize({ accessToken: "tok" })).url.search).toBe("?access_token=tok");
  });
});
