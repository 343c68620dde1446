import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts", "scripts/**/*.test.ts"],
    testTimeout: 120_000,
    setupFiles: ["test/support/yield-between-tests.ts"],
  },
});
