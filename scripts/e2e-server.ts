/**
 * The server Playwright tests run against: a throw-away embedded Postgres,
 * the simulator and `next start` of the production build, with fresh secrets.
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { configureEnv, processEnvironment } from "@/server/env";
import { db } from "@/server/db/client";
import { afterFleetSync } from "@/server/jobs/alert-handlers";
import { startWorker } from "@/server/jobs/worker";
import { DEMO_ORG, seedDemoIfEmpty } from "@/server/services/demo";
import { syncFleet } from "@/server/services/fleet";
import { DEMO_API_KEY } from "@/simulator/fixtures";
import { E2E_MAILBOX, E2E_SIMULATOR_PORT } from "./lib/e2e-ports";
import { type KnownSecret, recordSecrets } from "./lib/known-secrets";
import { startLocalStack } from "./lib/stack";
import { teeOutputTo } from "./lib/tee-output";
import { webhookSecretsIn } from "./lib/webhook-secrets";

// Everything this server and `next start` print lands in reports/ too, for the secret scan.
teeOutputTo("reports/e2e-server.log");
const port = Number(process.argv.find((a) => a.startsWith("--port="))?.split("=")[1] ?? 3100);
const dataDir = mkdtempSync(path.join(os.tmpdir(), "portal-e2e-"));
const stack = await startLocalStack({
  dataDir,
  persistent: false,
  simulatorPort: E2E_SIMULATOR_PORT,
  // QT800006's generated outage (a time of day fixed by the seed, on about half the days)
  // would otherwise make the fleet board's counts depend on when the tests run.
  generatedOutages: false,
  mailbox: E2E_MAILBOX,
  log: (l) => console.log(`[e2e] ${l}`),
});
const secrets = {
  AUTH_SECRET: randomBytes(32).toString("base64url"),
  ENCRYPTION_KEY: randomBytes(32).toString("base64"),
};
configureEnv({ NODE_ENV: "production", ...secrets, PUBLIC_URL: `http://localhost:${port}` });
// What the secret scan must not find in any log (scripts/secret-scan.ts). Webhook secrets are
// made while the server runs and replaced by repairs, so they are listed every second and kept.
const known = new Map<string, KnownSecret>([
  ["AUTH_SECRET", { name: "e2e AUTH_SECRET", value: secrets.AUTH_SECRET }],
  ["ENCRYPTION_KEY", { name: "e2e ENCRYPTION_KEY", value: secrets.ENCRYPTION_KEY }],
]);
const recordKnown = async () => {
  for (const s of await webhookSecretsIn(stack.databaseUrl).catch(() => []))
    known.set(s.value, { ...s, name: `e2e ${s.name}` });
  recordSecrets("e2e-server", [...known.values()]);
};
recordSecrets("e2e-server", [...known.values()]);
setInterval(() => void recordKnown(), 1000).unref();
const worker = await startWorker({ log: (l) => console.log(`[e2e worker] ${l}`) });
// The demo organisation (tests/e2e/fleet.spec.ts signs in to it), connected to the simulator and polled at once;
// calibrations and SICs finish after 5 s instead of 30/60 s.
// The first poll (with webhook registration) runs before the server answers, so
// tests start from a synced demo whose webhooks are in place.
if ((await seedDemoIfEmpty({ baseUrl: stack.simulatorUrl, apiKey: DEMO_API_KEY })).seeded) {
  const demo = await db().organization.findUniqueOrThrow({ where: { slug: DEMO_ORG.slug }, select: { id: true } });
  await afterFleetSync(demo.id, await syncFleet(demo.id), (l) => console.log(`[e2e] ${l}`));
}
await fetch(new URL("/_sim/action-delay", stack.simulatorUrl), {
  method: "POST",
  headers: { "content-type": "application/json" },
  body: JSON.stringify({ calibrationMs: 5000, sicMs: 5000 }),
});

// Piped through this process (not inherited) so the tee above sees Next's output too.
const next = spawn(path.resolve("node_modules/.bin/next"), ["start", "--port", String(port)], {
  stdio: ["ignore", "pipe", "pipe"],
  env: processEnvironment(),
});
next.stdout.on("data", (chunk: Buffer) => process.stdout.write(chunk));
next.stderr.on("data", (chunk: Buffer) => process.stderr.write(chunk));
const shutdown = async () => {
  await recordKnown();
  next.kill("SIGTERM");
  await worker.stop().catch(() => undefined);
  await stack.stop();
  process.exit(0);
};
process.on("SIGINT", () => void shutdown());
process.on("SIGTERM", () => void shutdown());
next.on("exit", () => void shutdown());
