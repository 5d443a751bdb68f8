/**
 * `npm run reliability`: fault injection and scale-out against real processes
 * (embedded Postgres, the simulator, the SMTP mailbox, `next start` of the
 * production build, `scripts/worker.ts`). Needs `npx next build` first.
 *
 *   npm run reliability [-- --only=postgres-down,smtp-down] [--smtp-down-minutes=2] [--verbose]
 *
 * Each scenario runs in its own child process (fresh database, ports and
 * module state), prints its figures and PASS/FAIL; the run exits non-zero if
 * any scenario failed. Figures and what they mean: RELIABILITY.md.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { processEnvironment } from "@/server/env";
import type { ScenarioResult } from "./util";
import { Recorder } from "./util";

export interface ScenarioOptions {
  smtpDownMinutes: number;
  verbose: boolean;
}

type Scenario = (r: Recorder, options: ScenarioOptions) => Promise<void>;

const SCENARIOS: Record<string, () => Promise<Scenario>> = {
  "postgres-down": async () => (await import("./postgres-down")).run,
  "worker-kill": async () => (await import("./worker-kill")).run,
  "tenant-faults": async () => (await import("./tenant-faults")).run,
  "smtp-down": async () => (await import("./smtp-down")).run,
  "scale-out": async () => (await import("./scale-out")).run,
};

const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split("=")[1];
const options: ScenarioOptions = {
  smtpDownMinutes: Number(arg("smtp-down-minutes") ?? 2),
  verbose: process.argv.includes("--verbose"),
};
const only = (arg("only") ?? Object.keys(SCENARIOS).join(",")).split(",").filter(Boolean);
for (const name of only)
  if (!SCENARIOS[name]) throw new Error(`unknown scenario ${name}; known: ${Object.keys(SCENARIOS).join(", ")}`);

async function runHere(name: string, resultFile: string): Promise<never> {
  const r = new Recorder(name);
  const started = Date.now();
  try {
    await (
      await SCENARIOS[name]!()
    )(r, options);
  } catch (error) {
    r.failures.push(`aborted: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    console.error(error);
  }
  const result: ScenarioResult = {
    name,
    pass: r.failures.length === 0,
    figures: r.figures,
    failures: r.failures,
    notes: r.notes,
    durationMs: Date.now() - started,
  };
  writeFileSync(resultFile, JSON.stringify(result, null, 2));
  process.exit(0);
}

async function runChild(name: string, dir: string): Promise<ScenarioResult> {
  const resultFile = path.join(dir, `${name}.json`);
  const started = Date.now();
  const args = [
    "--import",
    "tsx",
    "scripts/reliability/main.ts",
    `--scenario=${name}`,
    `--result=${resultFile}`,
    `--smtp-down-minutes=${options.smtpDownMinutes}`,
  ];
  if (options.verbose) args.push("--verbose");
  const child = spawn(process.execPath, args, { stdio: "inherit", env: processEnvironment() });
  const code = await new Promise<number | null>((resolve) => child.on("exit", (c) => resolve(c)));
  if (existsSync(resultFile)) return JSON.parse(readFileSync(resultFile, "utf8")) as ScenarioResult;
  return {
    name,
    pass: false,
    figures: {},
    failures: [`scenario process exited with ${code} and no result`],
    notes: [],
    durationMs: Date.now() - started,
  };
}

const scenario = arg("scenario");
if (scenario) await runHere(scenario, arg("result")!);

if (!existsSync(".next/BUILD_ID")) {
  console.error("No production build: run `npx next build` first (in the same flock as this run).");
  process.exit(2);
}
console.log(
  `reliability: ${only.join(", ")} on ${os.cpus().length} × ${os.cpus()[0]?.model ?? "CPU"}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}`,
);
const dir = mkdtempSync(path.join(os.tmpdir(), "reliability-results-"));
const results: ScenarioResult[] = [];
const t0 = Date.now();
for (const name of only) {
  console.log(`\n=== ${name} ===`);
  const result = await runChild(name, dir);
  results.push(result);
  console.log(`=== ${name}: ${result.pass ? "PASS" : "FAIL"} (${(result.durationMs / 1000).toFixed(0)} s) ===`);
}

console.log(`\nreliability summary (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
for (const r of results) {
  console.log(`\n${r.pass ? "PASS" : "FAIL"}  ${r.name}  (${(r.durationMs / 1000).toFixed(0)} s)`);
  for (const [k, v] of Object.entries(r.figures)) console.log(`      ${k}: ${v}`);
  for (const f of r.failures) console.log(`   ✗  ${f.split("\n")[0]}`);
  for (const n of r.notes) console.log(`   ·  ${n}`);
}
process.exit(results.every((r) => r.pass) ? 0 : 1);
