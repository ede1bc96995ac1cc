import { contractTest } from "@orderflow/connector-sdk/testing";
import { yto } from "./connector";

contractTest(yto, {
  fixtures: new URL("../fixtures", import.meta.url),
  settings: (url) => ({
    shop: "yto-main",
    sender: { name: "杭州仓", phone: "0571-88880000", province: "浙江省", city: "杭州市", district: "余杭区", detail: "仓前街道 1 号" },
    createUrl: `${url}/open/privacy_create_adapter/v1/Sim0Tk/K21000119`,
    cancelUrl: `${url}/open/korder_cancel_adapter/v1/Sim0Tk/K21000119`,
    trackUrl: `${url}/open/track_query_adapter/v1/Sim0Tk/K21000119`,
    secret: "fixture-secret",
  }),
});
