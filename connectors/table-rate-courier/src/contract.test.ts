import { contractTest } from "@orderflow/connector-sdk/testing";
import { tableRateCourier } from "./connector";
import { SETTINGS } from "./test-settings";

contractTest(tableRateCourier, {
  fixtures: new URL("../fixtures", import.meta.url),
  settings: () => SETTINGS,
});
