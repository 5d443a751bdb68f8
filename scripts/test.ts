/**
 * `npm test`: everything that proves the portal works, in order of cost.
 * typecheck → lint → unit, simulator and integration tests (vitest, real
 * Postgres) → production build → end-to-end tests in Chromium (Playwright).
 * Ends with one line "N passed, N failed" summing vitest and Playwright.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";

const chromium = "/usr/bin/chromium";
const started = Date.now();

function step(name: string, command: string, args: string[]): void {
  const t = Date.now();
  console.log(`\n▶ ${name}: ${command} ${args.join(" ")}`);
  const result = spawnSync(command, args, { stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
  console.log(`◀ ${name}: ${result.status === 0 ? "ok" : `failed (exit ${result.status})`} in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  if (result.status !== 0) finish(false, name);
}

interface Counts {
  passed: number;
  failed: number;
  skipped: number;
}

function vitestCounts(): Counts {
  if (!existsSync("reports/vitest.json")) return { passed: 0, failed: 0, skipped: 0 };
  const r = JSON.parse(readFileSync("reports/vitest.json", "utf8"));
  return { passed: r.numPassedTests ?? 0, failed: r.numFailedTests ?? 0, skipped: (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0) };
}

function playwrightCounts(): Counts {
  if (!existsSync("reports/e2e.json")) return { passed: 0, failed: 0, skipped: 0 };
  const s = JSON.parse(readFileSync("reports/e2e.json", "utf8")).stats ?? {};
  return { passed: s.expected ?? 0, failed: (s.unexpected ?? 0) + (s.flaky ?? 0), skipped: s.skipped ?? 0 };
}

function finish(ok: boolean, failedStep?: string): never {
  const v = vitestCounts();
  const p = playwrightCounts();
  const minutes = ((Date.now() - started) / 60000).toFixed(1);
  console.log(`\nvitest: ${v.passed} passed, ${v.failed} failed · playwright: ${p.passed} passed, ${p.failed} failed · ${minutes} min`);
  if (!ok) console.log(`failed at: ${failedStep}`);
  const failed = v.failed + p.failed + (ok ? 0 : v.failed + p.failed === 0 ? 1 : 0);
  console.log(`tests: ${v.passed + p.passed} passed, ${failed} failed${v.skipped + p.skipped ? `, ${v.skipped + p.skipped} skipped` : ""}`);
  process.exit(ok ? 0 : 1);
}

function ensureChromium(): void {
  if (existsSync(chromium)) return;
  const root = process.getuid?.() === 0;
  if (!root) {
    console.error(`Chromium is needed for the end-to-end tests: sudo apt-get install -y chromium`);
    finish(false, "chromium");
  }
  step("install chromium", "bash", ["-c", "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null"]);
}

rmSync("reports", { recursive: true, force: true });
step("typecheck", "npx", ["tsc", "--noEmit"]);
step("lint", "npx", ["eslint", "."]);
step("vitest", "npx", ["vitest", "run", "--reporter=default", "--reporter=json", "--outputFile.json=reports/vitest.json"]);
ensureChromium();
step("build", "npx", ["next", "build"]);
step("playwright", "npx", ["playwright", "test"]);
finish(true);
