import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["engine/**/*.test.ts", "runtime-server/**/*.test.ts", "connectors/**/*.test.ts", "test/**/*.test.ts", "templates/**/*.test.ts"],
    exclude: ["**/node_modules/**"],
    pool: "forks",
    // Storage suites create and migrate databases; these machines are shared and small.
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
