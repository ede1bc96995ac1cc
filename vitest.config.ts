import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["engine/**/*.test.ts", "runtime-server/**/*.test.ts", "connectors/**/*.test.ts", "test/**/*.test.ts", "templates/**/*.test.ts", "designer/**/*.test.ts"],
    exclude: ["**/node_modules/**"],
    // Every suite runs in Node: the designer's tests are of its pure functions, and the browser test
    // (test/browser/) drives a real Chromium from Node, so no suite needs a DOM emulation.
    environment: "node",
    pool: "forks",
    // Storage suites create and migrate databases; these machines are shared and small.
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
