/**
 * The local stack a benchmark runs on (scripts/lib/stack): Postgres in a
 * throwaway folder, the simulator and the mailbox, quiet, and fresh secrets,
 * so a run keeps nothing and needs no settings. Each benchmark then sets its
 * own environment (PUBLIC_URL, NODE_ENV …) on top.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { startLocalStack } from "@/scripts/lib/stack";
import { configureEnv } from "@/server/env";

export async function startBenchStack(name: string) {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), `bench-${name}-`));
  const stack = await startLocalStack({ dataDir, persistent: false, log: () => undefined });
  configureEnv({
    AUTH_SECRET: randomBytes(32).toString("base64url"),
    ENCRYPTION_KEY: randomBytes(32).toString("base64"),
  });
  return { stack, dataDir };
}
