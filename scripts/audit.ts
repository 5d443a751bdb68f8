/**
 * `npm run audit`: npm's advisory audit of the runtime dependencies and of
 * everything (dev tools too), failing on any high or critical advisory. Kept
 * out of `npm test`: advisories appear over time, and a test run must not fail
 * because the calendar moved. When the registry has no audit endpoint (some
 * mirrors answer 405), it says so and exits 2, never a silent pass.
 */
import { spawnSync } from "node:child_process";

interface AuditJson {
  metadata?: { vulnerabilities?: Record<string, number> };
  statusCode?: number;
  message?: string;
}

let worst = 0;
for (const [label, extra] of [
  ["runtime (--omit=dev)", ["--omit=dev"]],
  ["all, dev tools included", []],
] as const) {
  const out = spawnSync("npm", ["audit", "--json", ...extra], { encoding: "utf8" });
  let report: AuditJson;
  try {
    report = JSON.parse(out.stdout) as AuditJson;
  } catch {
    console.error(`${label}: npm audit gave no report (exit ${out.status})\n${out.stderr}`);
    worst = Math.max(worst, 2);
    continue;
  }
  const v = report.metadata?.vulnerabilities;
  if (!v) {
    console.error(
      `${label}: not checked: the registry's audit endpoint answered: ${report.message ?? report.statusCode ?? "no report"}`,
    );
    worst = Math.max(worst, 2);
    continue;
  }
  const high = (v.high ?? 0) + (v.critical ?? 0);
  console.log(
    `${label}: ${v.critical ?? 0} critical, ${v.high ?? 0} high, ${v.moderate ?? 0} moderate, ${v.low ?? 0} low`,
  );
  if (high > 0) worst = Math.max(worst, 1);
}
if (worst === 1) console.error("high or critical advisories: run `npm audit` for details");
process.exit(worst);
