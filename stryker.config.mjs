// Mutation testing of the pure modules that decide what users are told (TESTING.md,
// "Mutation score"). `npm run test:mutation` runs them all; `npm run test:mutation -- lib/drift.ts`
// (any globs) runs only those. Not part of `npm test`: it takes minutes.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
const config = {
  testRunner: "vitest",
  vitest: { configFile: "vitest.mutation.config.ts" },
  plugins: ["@stryker-mutator/vitest-runner"],
  mutate: [
    "lib/downsample.ts",
    "lib/drift.ts",
    "lib/local-time.ts",
    "lib/permissions.ts",
    // Modules that land with their own mutation score (TESTING.md): missing ones are skipped.
    "lib/acoustics.ts",
    "lib/limit-schedule.ts",
    "lib/limit-presets.ts",
    "lib/legacy-noise-rule.ts",
    "lib/window-levels.ts",
    "server/services/alerts/noise.ts",
  ],
  coverageAnalysis: "perTest",
  // Two cores, shared with others running tests.
  concurrency: 1,
  timeoutMS: 20_000,
  reporters: ["clear-text", "progress", "html", "json"],
  htmlReporter: { fileName: "reports/mutation/index.html" },
  jsonReporter: { fileName: "reports/mutation/mutation.json" },
  // The sandbox needs the sources and the unit tests, not build output, databases or browsers' artefacts.
  ignorePatterns: [".next", ".data", "reports", "test-results", "playwright-report", "coverage", "tools", "bench"],
  thresholds: { high: 95, low: 90, break: null },
  tempDirName: ".stryker-tmp",
  cleanTempDir: true,
};

export default config;
