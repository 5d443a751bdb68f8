/**
 * The last step of `npm test`: no secret in anything the run printed. Every
 * step's output is teed to reports/ (scripts/test.ts, and the e2e server's own
 * log, scripts/e2e-server.ts), with the JSON reports (vitest.json holds every
 * failure message). This reads all of it and fails if it finds
 *   - a secret it knows: the simulator's fixture API keys, the demo and test
 *     passwords, and what the run made up and recorded in reports/secrets/
 *     (AUTH_SECRET, ENCRYPTION_KEY, every webhook signing secret), in the forms
 *     they travel in;
 *   - a secret by its shape: any simulator API key (generated ones too), a
 *     session cookie's value, a PEM private key, 64 hex digits named "secret"
 *     (a webhook secret printed with its object, even one never listed).
 * Findings name the file, line and which secret, never the secret.
 *
 *   tsx scripts/secret-scan.ts [reports dir] [--expect=vitest,e2e-server]
 * --expect fails the scan when a named writer recorded nothing: a scan that
 * silently knows no secrets proves nothing.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { DEMO_USER } from "@/server/services/demo";
import { FIXTURE_KEYS } from "@/simulator/fixtures";
import { TEST_PASSWORD } from "../tests/support/factories";
import { type KnownSecret, readRecordedSecrets, REPORTS_DIR, SECRETS_SUBDIR } from "./lib/known-secrets";

export interface SecretPattern {
  name: string;
  regex: RegExp;
}

export const PATTERNS: SecretPattern[] = [
  { name: "a MyCirrus simulator API key", regex: /mycirrus-\d{6}-[0-9A-F]{16}/ },
  { name: "a session cookie value", regex: /authjs\.session-token=[A-Za-z0-9._~-]{20,}/ },
  { name: "a PEM private key", regex: /-----BEGIN [A-Z ]*PRIVATE KEY-----/ },
  // The portal's webhook secrets are 64 hex digits; alone that is also any SHA-256, so only beside the word.
  {
    name: "a webhook secret beside its name",
    regex: /secret\\?["']?\s*[:=]\s*\\?["']?[0-9a-fA-F]{64}(?![0-9a-fA-F])/i,
  },
];

/** Shorter values would match ordinary text; none of ours is this short. */
const MIN_SECRET_LENGTH = 8;

/** Secrets that are the same in every run. */
export function staticSecrets(): KnownSecret[] {
  return [
    ...FIXTURE_KEYS.map((k) => ({ name: `simulator API key "${k.label}"`, value: k.key })),
    { name: "demo user's password", value: DEMO_USER.password },
    { name: "integration tests' user password", value: TEST_PASSWORD },
  ];
}

/** The forms a secret may be printed in: as it is and, for a base64 key, its bytes in hex and base64url. */
export function forms(secret: KnownSecret): KnownSecret[] {
  const out = [secret];
  if (/^[A-Za-z0-9+/]{22,}={0,2}$/.test(secret.value) && /[+/=]/.test(secret.value)) {
    const bytes = Buffer.from(secret.value, "base64");
    out.push(
      { name: `${secret.name} (hex)`, value: bytes.toString("hex") },
      { name: `${secret.name} (base64url)`, value: bytes.toString("base64url") },
    );
  }
  return out.filter((s) => s.value.length >= MIN_SECRET_LENGTH);
}

// Colour codes can split a value in a diff ("Expected: ab<ESC>[7mcd"), raw in logs or JSON-escaped in reports.
const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;?]*[A-Za-z]|\\\\u001b\\[[0-9;?]*[A-Za-z]`, "g");

export interface Finding {
  file: string;
  line: number;
  name: string;
}

export function scanText(
  text: string,
  secrets: KnownSecret[],
  patterns: SecretPattern[] = PATTERNS,
): { index: number; line: number; name: string }[] {
  const clean = text.replace(ANSI, "");
  const hits: { index: number; name: string }[] = [];
  for (const secret of secrets) {
    for (let at = clean.indexOf(secret.value); at !== -1; at = clean.indexOf(secret.value, at + 1))
      hits.push({ index: at, name: secret.name });
  }
  for (const pattern of patterns) {
    for (const m of clean.matchAll(new RegExp(pattern.regex.source, "g")))
      hits.push({ index: m.index, name: pattern.name });
  }
  // Line numbers of the cleaned text: colour codes never hold a newline, so they match the file's.
  return hits
    .map((h) => ({ ...h, line: clean.slice(0, h.index).split("\n").length }))
    .sort((a, b) => a.index - b.index);
}

function filesUnder(dir: string, skip: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (full === skip) continue;
    if (entry.isDirectory()) out.push(...filesUnder(full, skip));
    else if (entry.isFile()) out.push(full);
  }
  return out.sort();
}

export interface ScanResult {
  files: number;
  bytes: number;
  secrets: number;
  findings: Finding[];
}

/** Scans every file under `dir` except its secrets/ folder. */
export function scanDirectory(dir: string, secrets: KnownSecret[], patterns: SecretPattern[] = PATTERNS): ScanResult {
  const all = secrets.flatMap(forms);
  const files = filesUnder(path.resolve(dir), path.resolve(dir, SECRETS_SUBDIR));
  const findings: Finding[] = [];
  let bytes = 0;
  for (const file of files) {
    bytes += statSync(file).size;
    const text = readFileSync(file, "utf8");
    for (const hit of scanText(text, all, patterns))
      findings.push({ file: path.relative(process.cwd(), file), line: hit.line, name: hit.name });
  }
  return { files: files.length, bytes, secrets: all.length, findings };
}

function main(): void {
  const args = process.argv.slice(2);
  const dir = args.find((a) => !a.startsWith("--")) ?? REPORTS_DIR;
  const expected = (args.find((a) => a.startsWith("--expect="))?.slice("--expect=".length) ?? "")
    .split(",")
    .filter(Boolean);
  const recorded = readRecordedSecrets(dir);
  const problems: string[] = [];
  for (const source of expected) {
    const count = recorded
      .filter((r) => r.source === source || r.source.startsWith(`${source}-`))
      .reduce((n, r) => n + r.secrets.length, 0);
    if (count === 0)
      problems.push(
        `no secrets recorded by ${source} (reports/${SECRETS_SUBDIR}/${source}*.json): the scan would not know what to look for`,
      );
  }
  const bySource = new Map<string, number>();
  for (const r of recorded) {
    const key = r.source.split("-").slice(0, 2).join("-"); // vitest-webhooks-<database> → vitest-webhooks
    bySource.set(key, (bySource.get(key) ?? 0) + r.secrets.length);
  }
  const secrets = [...staticSecrets(), ...recorded.flatMap((r) => r.secrets)];
  const result = scanDirectory(dir, secrets);
  for (const f of result.findings) problems.push(`${f.file}:${f.line}: ${f.name}`);
  const sources = [...bySource].map(([s, n]) => `${n} from ${s}`).join(", ") || "none recorded";
  console.log(
    `secret scan: ${result.files} files (${(result.bytes / 1024 / 1024).toFixed(1)} MiB) in ${dir}/; ` +
      `${result.secrets} secret forms (${staticSecrets().length} fixed; ${sources}) and ${PATTERNS.length} patterns; ${result.findings.length} findings`,
  );
  for (const p of problems) console.error(`  ✗ ${p}`);
  process.exit(problems.length === 0 ? 0 : 1);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
