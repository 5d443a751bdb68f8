// CLI: npx tsx simulator/main.ts --port 4010 --fleet-size 12 --clock-speed 1 --seed demo
import { parseArgs } from "node:util";
import { FIXTURE_KEYS } from "./fixtures.js";
import { startSimulator } from "./server.js";

const { values } = parseArgs({
  options: {
    port: { type: "string" },
    host: { type: "string" },
    "fleet-size": { type: "string" },
    "clock-speed": { type: "string" },
    seed: { type: "string" },
    start: { type: "string" },
    "rate-limit": { type: "string" },
    burst: { type: "string" },
    "action-delay": { type: "string" },
    "no-outages": { type: "boolean" },
    help: { type: "boolean", short: "h" },
  },
});

if (values.help) {
  console.log(`MyCirrus simulator
  --port N          (SIM_PORT, default 4010; 0 = random)
  --host H          (SIM_HOST, default 127.0.0.1)
  --fleet-size N    (SIM_FLEET_SIZE, default 12)
  --clock-speed X   (SIM_CLOCK_SPEED, default 1; 0 freezes the clock)
  --seed S          (SIM_SEED, default demo)
  --start ISO       (SIM_START, initial simulated time; default now)
  --rate-limit N    (SIM_RATE_LIMIT, requests/s per key, default 10; 0 disables)
  --burst N         (SIM_BURST, default 20)
  --action-delay MS (SIM_ACTION_DELAY_MS, Calibration/SIC duration in simulated ms; default 30000/60000)
  --no-outages      (SIM_OUTAGES=0, flaky instruments keep their link: no generated outages)`);
  process.exit(0);
}

const env = process.env;
const pick = (flag: string | undefined, name: string): string | undefined => flag ?? env[name] ?? undefined;
const numberOf = (v: string | undefined, fallback: number): number => {
  if (v === undefined || v === "") return fallback;
  const n = Number(v);
  if (!Number.isFinite(n)) throw new Error(`Not a number: ${v}`);
  return n;
};

const actionDelay = pick(values["action-delay"], "SIM_ACTION_DELAY_MS");
const outagesSetting = env.SIM_OUTAGES ?? "";
if (!["", "0", "1"].includes(outagesSetting))
  throw new Error(`SIM_OUTAGES must be 0 or 1, not ${JSON.stringify(outagesSetting)}`);
const sim = await startSimulator({
  port: numberOf(pick(values.port, "SIM_PORT"), 4010),
  host: pick(values.host, "SIM_HOST") ?? "127.0.0.1",
  fleetSize: numberOf(pick(values["fleet-size"], "SIM_FLEET_SIZE"), 12),
  clockSpeed: numberOf(pick(values["clock-speed"], "SIM_CLOCK_SPEED"), 1),
  seed: pick(values.seed, "SIM_SEED") ?? "demo",
  ...(pick(values.start, "SIM_START") ? { startTime: pick(values.start, "SIM_START")! } : {}),
  ratePerSecond: numberOf(pick(values["rate-limit"], "SIM_RATE_LIMIT"), 10),
  burst: numberOf(pick(values.burst, "SIM_BURST"), 20),
  generatedOutages: !(values["no-outages"] || outagesSetting === "0"),
  ...(actionDelay ? { calibrationDelayMs: Number(actionDelay), sicDelayMs: Number(actionDelay) } : {}),
});

console.log(`MyCirrus simulator listening on ${sim.url}`);
console.log(`  REST API:  ${sim.apiUrl}`);
console.log(`  Live:      ${sim.liveUrl}/{serial}`);
console.log(`  Control:   ${sim.url}/_sim/info`);
console.log("  API keys:");
for (const k of FIXTURE_KEYS) console.log(`    ${k.key}  ${k.label} (account ${k.accountId})`);

let stopping = false;
const stop = (signal: string) => {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal} received, shutting down`);
  sim.close().then(
    () => process.exit(0),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
};
process.on("SIGINT", () => stop("SIGINT"));
process.on("SIGTERM", () => stop("SIGTERM"));
