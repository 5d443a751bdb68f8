/** Local data of `npm run dev`: where it lives, and secrets made once so restarts keep sessions and keys. */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { generateSecrets } from "@/server/env";

export function loadOrCreateDevSecrets(dataDir: string): { AUTH_SECRET: string; ENCRYPTION_KEY: string } {
  const file = path.join(dataDir, "dev-secrets.json");
  if (existsSync(file)) return JSON.parse(readFileSync(file, "utf8"));
  const secrets = generateSecrets();
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}

/**
 * Outside the project tree on purpose: the dev server (Turbopack) watches every
 * file under the project and cannot be told to ignore a folder, so a database
 * writing there makes it rebuild and reload the browser constantly. One folder
 * per checkout, so two clones do not share a database.
 */
export function devDataDir(configured?: string): string {
  if (configured) return path.resolve(configured);
  const checkout = `${path.basename(process.cwd())}-${createHash("sha256").update(process.cwd()).digest("hex").slice(0, 10)}`;
  // As root, embedded Postgres runs as the `postgres` user, who cannot enter /root.
  const base =
    process.getuid?.() === 0
      ? path.join("/var/tmp", "fleet-portal")
      : path.join(os.homedir(), ".local", "share", "fleet-portal");
  return path.join(base, checkout);
}
