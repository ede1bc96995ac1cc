import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["engine/**/*.test.ts", "runtime-server/**/*.test.ts", "test/**/*.test.ts", "templates/**/*.test.ts"],
    exclude: ["**/node_modules/**"],
    pool: "forks",
  },
});
