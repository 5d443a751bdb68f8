/**
 * `npm run dev`: the whole portal on embedded defaults. Embedded Postgres (data
 * in a per-checkout data folder, see devDataDir), migrations, the MyCirrus simulator, a demo organisation, then
 * `next dev`. With DATABASE_URL set, that database is used instead.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { bootSettings, configureEnv, env, processEnvironment } from "@/server/env";
import { enqueueFleetSyncs, startWorker } from "@/server/jobs/worker";
import {
  DEMO_ORG,
  DEMO_SITE_MEMBER,
  DEMO_USER,
  ensureDemoAlertRules,
  ensureDemoSites,
  seedDemoIfEmpty,
} from "@/server/services/demo";
import { DEMO_API_KEY } from "@/simulator/fixtures";
import { devDataDir, loadOrCreateDevSecrets } from "./lib/dev-secrets";
import { startLocalStack } from "./lib/stack";

const port = Number(process.argv.find((a) => a.startsWith("--port="))?.split("=")[1] ?? 3000);
const log = (line: string) => console.log(`[dev] ${line}`);

const dataDir = devDataDir(bootSettings().PORTAL_DEV_DATA_DIR);
const stack = await startLocalStack({
  dataDir,
  persistent: true,
  simulatorPort: 4010,
  mailbox: { smtpPort: 1025, httpPort: 1080 },
  log,
});
const configured = bootSettings();
const saved = loadOrCreateDevSecrets(dataDir);
configureEnv({
  NODE_ENV: "development",
  NEXT_TELEMETRY_DISABLED: "1",
  AUTH_SECRET: configured.AUTH_SECRET ?? saved.AUTH_SECRET,
  ENCRYPTION_KEY: configured.ENCRYPTION_KEY ?? saved.ENCRYPTION_KEY,
  // Where the simulator delivers webhooks (it accepts http:// to loopback).
  PUBLIC_URL: configured.PUBLIC_URL ?? `http://localhost:${port}`,
});
env(); // validates and generates local secrets once, before Next starts
const { seeded } = await seedDemoIfEmpty({ baseUrl: stack.simulatorUrl, apiKey: DEMO_API_KEY });
await ensureDemoAlertRules();
await ensureDemoSites();

const worker = await startWorker();
await enqueueFleetSyncs();

const next = spawn(path.resolve("node_modules/.bin/next"), ["dev", "--port", String(port)], {
  stdio: "inherit",
  env: processEnvironment(),
});

console.log(`
  Fleet Portal   http://localhost:${port}
  Sign in        ${DEMO_USER.email} / ${DEMO_USER.password}${seeded ? "   (demo data just created)" : ""}
  Site manager   ${DEMO_SITE_MEMBER.email} / ${DEMO_SITE_MEMBER.password}   (sees only the Harbour Road site)
  Organisation   http://localhost:${port}/${DEMO_ORG.slug}
  Simulator      ${stack.simulatorUrl}
  Mailbox        ${stack.mailboxUrl ? `http://localhost:${port}/dev/mail` : "SMTP_URL"}
  Database       ${stack.databaseUrl.replace(/:[^:@/]+@/, ":***@")}  (data in ${dataDir})
`);

let stopping = false;
async function shutdown(code = 0) {
  if (stopping) return;
  stopping = true;
  next.kill("SIGTERM");
  await worker.stop().catch(() => undefined);
  await stack.stop();
  process.exit(code);
}
process.on("SIGINT", () => void shutdown());
process.on("SIGTERM", () => void shutdown());
next.on("exit", (code) => void shutdown(code ?? 0));
