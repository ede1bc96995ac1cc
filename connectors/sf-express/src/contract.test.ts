import { contractTest } from "@orderflow/connector-sdk/testing";
import { sfExpress } from "./connector";
import { SETTINGS } from "./test-settings";

contractTest(sfExpress, {
  fixtures: new URL("../fixtures", import.meta.url),
  settings: (url) => ({ ...SETTINGS, baseUrl: url }),
});
