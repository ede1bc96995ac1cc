import { contractTest } from "@orderflow/connector-sdk/testing";
import { zto } from "./connector";
import { SETTINGS } from "./test-settings";

contractTest(zto, {
  fixtures: new URL("../fixtures", import.meta.url),
  settings: (url) => ({ ...SETTINGS, baseUrl: url }),
});
