/** Local secrets for `npm run dev`, made once and kept in .data/ so restarts keep sessions and keys. */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
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
