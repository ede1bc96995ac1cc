import { contractTest } from "@orderflow/connector-sdk/testing";
import { cainiao } from "./connector";

contractTest(cainiao, {
  fixtures: new URL("../fixtures", import.meta.url),
  settings: (url) => ({
    shop: "cainiao-main",
    sender: { name: "杭州仓", phone: "0571-88880000", province: "浙江省", city: "杭州市", district: "余杭区", detail: "仓前街道 1 号" },
    gatewayUrl: `${url}/gateway/link.do`,
    cpCode: "YTO",
    templateUrl: "https://cloudprint.cainiao.com/template/standard/101/1",
    logisticProviderId: "fixture-resource-code",
    appSecret: "fixture-secret",
  }),
});
