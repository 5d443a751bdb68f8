/**
 * `npm test`: everything that proves the portal works, in order of cost.
 * typecheck → lint → prettier --check → unit, simulator and integration tests (vitest, real
 * Postgres) → production build → end-to-end tests in Chromium (Playwright)
 * → secret scan. With `--compat`: typecheck, unit tests and the build only. Each step's output is shown and also kept in
 * reports/<step>.log (the e2e server keeps its own, reports/e2e-server.log), so
 * the scan can prove no secret was printed anywhere during the run.
 * Ends with one line "N passed, N failed" summing vitest and Playwright.
 */
import { spawn } from "node:child_process";
import { createWriteStream, existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";

const chromium = "/usr/bin/chromium";
/**
 * `--compat`: the checks that prove the machine's older Node still runs the README's commands
 * (typecheck, unit tests, production build); CI runs the whole suite on the production runtime.
 */
const compat = process.argv.includes("--compat");
const vitest = ["vitest", "run", "--reporter=default", "--reporter=json", "--outputFile.json=reports/vitest.json"];
/** A deprecated API used by our code or a dependency fails the tests instead of warning once in a log. */
const throwDeprecation = { NODE_OPTIONS: [process.env.NODE_OPTIONS, "--throw-deprecation"].filter(Boolean).join(" ") };
const started = Date.now();

/** Runs a command, showing its output and teeing it into reports/<name>.log; resolves to its exit code. */
function run(
  name: string,
  command: string,
  args: string[],
  extraEnv: Record<string, string> = {},
): Promise<number | null> {
  mkdirSync("reports", { recursive: true });
  const log = createWriteStream(`reports/${name.replace(/[^a-z0-9]+/gi, "-")}.log`);
  // Piped output is not a terminal: keep the colours a terminal would have shown.
  const colour = process.stdout.isTTY ? { FORCE_COLOR: "1" } : {};
  const child = spawn(command, args, {
    stdio: ["inherit", "pipe", "pipe"],
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...colour, ...extraEnv },
  });
  child.stdout.on("data", (chunk: Buffer) => {
    process.stdout.write(chunk);
    log.write(chunk);
  });
  child.stderr.on("data", (chunk: Buffer) => {
    process.stderr.write(chunk);
    log.write(chunk);
  });
  return new Promise((resolve) => {
    child.on("error", (error) => log.end(`${error.message}\n`, () => resolve(null)));
    child.on("close", (code) => log.end(() => resolve(code)));
  });
}

async function step(name: string, command: string, args: string[], extraEnv?: Record<string, string>): Promise<void> {
  const t = Date.now();
  console.log(`\n▶ ${name}: ${command} ${args.join(" ")}`);
  let status = await run(name, command, args, extraEnv);
  // The exit code alone is not trusted for the tests: a library's exit hook once turned vitest's
  // failing exit into 0 (see scripts/lib/postgres.ts). The report's own count decides too.
  if (status === 0 && name === "vitest" && vitestCounts().failed > 0) status = 1;
  console.log(
    `◀ ${name}: ${status === 0 ? "ok" : `failed (exit ${status})`} in ${((Date.now() - t) / 1000).toFixed(1)} s`,
  );
  if (status === 0) return;
  // Failure output is where secrets leak most: scan what there is before stopping.
  if (name !== SECRET_SCAN) await run(SECRET_SCAN, "npx", ["tsx", "scripts/secret-scan.ts", "reports"]);
  finish(false, name);
}

const SECRET_SCAN = "secret scan";

interface Counts {
  passed: number;
  failed: number;
  skipped: number;
}

function vitestCounts(): Counts {
  if (!existsSync("reports/vitest.json")) return { passed: 0, failed: 0, skipped: 0 };
  const r = JSON.parse(readFileSync("reports/vitest.json", "utf8"));
  return {
    passed: r.numPassedTests ?? 0,
    failed: r.numFailedTests ?? 0,
    skipped: (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0),
  };
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
  console.log(
    `\nvitest: ${v.passed} passed, ${v.failed} failed · playwright: ${p.passed} passed, ${p.failed} failed · ${minutes} min`,
  );
  if (!ok) console.log(`failed at: ${failedStep}`);
  const failed = v.failed + p.failed + (ok ? 0 : v.failed + p.failed === 0 ? 1 : 0);
  console.log(
    `tests: ${v.passed + p.passed} passed, ${failed} failed${v.skipped + p.skipped ? `, ${v.skipped + p.skipped} skipped` : ""}`,
  );
  process.exit(ok ? 0 : 1);
}

async function ensureChromium(): Promise<void> {
  if (existsSync(chromium)) return;
  const root = process.getuid?.() === 0;
  if (!root) {
    console.error(`Chromium is needed for the end-to-end tests: sudo apt-get install -y chromium`);
    finish(false, "chromium");
  }
  await step("install chromium", "bash", [
    "-c",
    "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null",
  ]);
}

rmSync("reports", { recursive: true, force: true });
console.log(`node ${process.version}${compat ? " (compatibility leg: typecheck, unit tests, build)" : ""}`);
await step("typecheck", "npx", ["tsc", "--noEmit"]);
if (compat) {
  await step("vitest", "npx", [...vitest, "--project", "unit"], throwDeprecation);
  await step("build", "npx", ["next", "build"]);
  finish(true);
}
await step("lint", "npx", ["eslint", "."]);
await step("format", "npx", ["prettier", "--check", "."]);
await step("vitest", "npx", vitest, throwDeprecation);
await ensureChromium();
await step("build", "npx", ["next", "build"]);
await step("playwright", "npx", ["playwright", "test"]);
// Both the tests and the e2e server must have said which secrets they made, or the scan proves nothing.
await step(SECRET_SCAN, "npx", ["tsx", "scripts/secret-scan.ts", "reports", "--expect=vitest,e2e-server"]);
finish(true);
