/**
 * The secret scan (scripts/secret-scan.ts) finds what is planted for it, in
 * the shapes logs and JSON reports really hold, and its command fails the run.
 */
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { recordSecrets } from "@/scripts/lib/known-secrets";
import { scanDirectory, staticSecrets } from "@/scripts/secret-scan";
import { DEMO_API_KEY } from "@/simulator/fixtures";

const dirs: string[] = [];
function reportsDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "secret-scan-"));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const webhookSecret = randomBytes(32).toString("hex");
const encryptionKey = randomBytes(32).toString("base64");
const recorded = [
  { name: "webhook secret", value: webhookSecret },
  { name: "ENCRYPTION_KEY", value: encryptionKey },
];

function scan(dir: string) {
  return scanDirectory(dir, [...staticSecrets(), ...recorded]);
}

describe("secret scan", () => {
  it("finds nothing in clean reports, and never reads its own secrets folder", () => {
    const dir = reportsDir();
    recordSecrets("vitest", recorded, dir);
    writeFileSync(path.join(dir, "vitest.log"), "✓ 12 tests passed\nbody sha256 3f…\n");
    expect(scan(dir)).toMatchObject({ files: 1, findings: [] });
  });

  it("finds a planted webhook secret in a nested log, by file and line, without repeating it", () => {
    const dir = reportsDir();
    mkdirSync(path.join(dir, "e2e"));
    writeFileSync(
      path.join(dir, "e2e", "server.log"),
      `line one\n[worker] registered hook, signing with ${webhookSecret}\n`,
    );
    const { findings } = scan(dir);
    expect(findings).toEqual([
      { file: path.relative(process.cwd(), path.join(dir, "e2e", "server.log")), line: 2, name: "webhook secret" },
    ]);
    expect(JSON.stringify(findings)).not.toContain(webhookSecret);
  });

  it("finds a secret split by colour codes in a JSON report's failure message", () => {
    const dir = reportsDir();
    const split = `${webhookSecret.slice(0, 20)}\u001b[7m${webhookSecret.slice(20)}\u001b[27m`;
    writeFileSync(
      path.join(dir, "vitest.json"),
      JSON.stringify({ testResults: [{ failureMessages: [`Expected: "${split}"`] }] }),
    );
    expect(scan(dir).findings.map((f) => f.name)).toEqual(["webhook secret"]);
  });

  it("finds fixture and generated API keys, the demo password, a session cookie, a key printed as hex, an unlisted webhook secret", () => {
    const dir = reportsDir();
    writeFileSync(
      path.join(dir, "playwright.log"),
      [
        `GET /v1/instruments key=${DEMO_API_KEY}`,
        "created account key mycirrus-300007-0123456789ABCDEF",
        "fill demo-password-1",
        "cookie: authjs.session-token=eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2Q0JDLUhTNTEyIn0..abc",
        `key ${Buffer.from(encryptionKey, "base64").toString("hex")}`,
        `{"webhook":{"id":"wh-9","secret":"${randomBytes(32).toString("hex")}"}} sha256 ${randomBytes(32).toString("hex")}`,
      ].join("\n"),
    );
    const names = scan(dir).findings.map((f) => `${f.line} ${f.name}`);
    expect(names).toEqual([
      '1 simulator API key "demo (all scopes)"',
      "1 a MyCirrus simulator API key",
      "2 a MyCirrus simulator API key",
      "3 demo user's password",
      "4 a session cookie value",
      "5 ENCRYPTION_KEY (hex)",
      "6 a webhook secret beside its name",
    ]);
  });

  it("the command exits 1 on a finding, and when an expected writer recorded nothing", () => {
    const run = (dir: string, ...args: string[]) =>
      spawnSync("npx", ["tsx", "scripts/secret-scan.ts", dir, ...args], { encoding: "utf8" });
    const dir = reportsDir();
    recordSecrets("e2e-server", recorded, dir);
    writeFileSync(path.join(dir, "ok.log"), "all good\n");
    const clean = run(dir, "--expect=e2e-server");
    expect(clean.status, clean.stderr).toBe(0);
    expect(clean.stdout).toMatch(/1 files .*0 findings/);

    expect(run(dir, "--expect=e2e-server,vitest").status).toBe(1);

    writeFileSync(path.join(dir, "leak.log"), `oops ${encryptionKey}\n`);
    const leaked = run(dir);
    expect(leaked.status).toBe(1);
    expect(leaked.stderr).toContain("leak.log:1: ENCRYPTION_KEY");
    expect(leaked.stdout + leaked.stderr).not.toContain(encryptionKey);
  }, 30_000);
});
