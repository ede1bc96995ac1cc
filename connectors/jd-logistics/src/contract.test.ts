import { contractTest } from "@orderflow/connector-sdk/testing";
import { jdLogistics } from "./connector";

contractTest(jdLogistics, {
  fixtures: new URL("../fixtures", import.meta.url),
  settings: (url) => ({
    shop: "jd-main",
    sender: { name: "杭州仓", phone: "0571-88880000", province: "浙江省", city: "杭州市", district: "余杭区", detail: "仓前街道 1 号" },
    baseUrl: url,
    customerCode: "010K1234567",
    appKey: "fixture-app-key",
    appSecret: "fixture-secret",
    accessToken: "fixture-token",
  }),
});
