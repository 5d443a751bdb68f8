/**
 * Secrets a test run makes up (AUTH_SECRET, ENCRYPTION_KEY, webhook signing
 * secrets) are written here, under reports/secrets/, so that the secret scan at
 * the end of `npm test` (scripts/secret-scan.ts) can look for them in
 * everything the run printed. They are never printed themselves; the folder is
 * the one place in reports/ the scan skips. Each writer has a file of its own
 * (processes write concurrently), rewritten whole so a repeat adds nothing.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";

export const REPORTS_DIR = "reports";
export const SECRETS_SUBDIR = "secrets";

export interface KnownSecret {
  name: string;
  value: string;
}

export interface SecretsFile {
  source: string;
  secrets: KnownSecret[];
}

const safe = (s: string) => s.replace(/[^A-Za-z0-9_.-]/g, "_");

/** Writes (or rewrites) this writer's list; `source` names the writer, e.g. "e2e-server". */
export function recordSecrets(source: string, secrets: KnownSecret[], reportsDir = REPORTS_DIR): void {
  const dir = path.resolve(reportsDir, SECRETS_SUBDIR);
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${safe(source)}.json`);
  const body: SecretsFile = { source, secrets: secrets.filter((s) => s.value.length > 0) };
  // Written beside and renamed, so a reader never sees half a file.
  writeFileSync(`${file}.tmp`, JSON.stringify(body), { mode: 0o600 });
  renameSync(`${file}.tmp`, file);
}

/** Every recorded list, by source. */
export function readRecordedSecrets(reportsDir = REPORTS_DIR): SecretsFile[] {
  const dir = path.resolve(reportsDir, SECRETS_SUBDIR);
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith(".json"));
  } catch {
    return [];
  }
  return names.map((n) => JSON.parse(readFileSync(path.join(dir, n), "utf8")) as SecretsFile);
}
