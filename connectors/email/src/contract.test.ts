import { contractTest } from "@orderflow/connector-sdk/testing";
import { afterAll, beforeAll } from "vitest";
import { startSmtpTestServer, TEST_TLS, type SmtpTestServer } from "../simulator/smtp-test-server";
import { email } from "./connector";

// E-mail's far side speaks SMTP: the fixtures run against the SMTP test server, not the contract's HTTP one.
let smtp: SmtpTestServer;
beforeAll(async () => {
  smtp = await startSmtpTestServer({
    users: { orders: "app-password" },
    tls: TEST_TLS,
    refuse: (address) => (address.endsWith("@refused.example") ? { code: 550, text: "5.1.1 No such user" } : address.endsWith("@busy.example") ? { code: 451, text: "4.7.1 Greylisted, try again later" } : null),
  });
});
afterAll(() => smtp.close());

contractTest(email, {
  fixtures: new URL("../fixtures", import.meta.url),
  settings: () => ({ ...smtp.settings(), from: "orders@shop.example.com", fromName: "茶语订单中心" }),
});
