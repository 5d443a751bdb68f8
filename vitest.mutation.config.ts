/**
 * Unit tests only, for mutation testing (stryker.config.mjs): Stryker runs the unit tests
 * that cover each mutant, never the integration or simulator projects (they start
 * Postgres and servers, and test nothing a pure module decides on its own).
 */
import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
  test: { include: ["tests/unit/**/*.test.ts"], environment: "node" },
});
