import { defineConfig } from "vitest/config";

// Runs after the main suite: checks every request the client sent against Apple's spec.
export default defineConfig({
  test: { include: ["test/conformance/**/*.test.ts"], testTimeout: 60_000 },
});
