/**
 * `npm run test:mutation [-- module …]`: mutation testing (Stryker, stryker.config.mjs) of the
 * pure modules that decide what users are told, then one line per module: mutants, killed,
 * survived, equivalent, and the score without the equivalent ones (TESTING.md, "Mutation score").
 *
 *   npm run test:mutation                     every module in stryker.config.mjs
 *   npm run test:mutation -- lib/drift.ts     one module (any globs; a bare name means lib/<name>.ts)
 *   npm run test:mutation -- --report-only    summarise reports/mutation/mutation.json again
 *
 * Survivors read by hand are listed in scripts/lib/equivalent-mutants.ts; every other survivor is
 * printed in full. Writes reports/mutation/summary.md, and exits 1 when a module scores below 90 %.
 * Slow (minutes) and so not part of `npm test`; Stryker runs one test runner (concurrency 1).
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { READ_SURVIVORS, type ReadSurvivor } from "./lib/equivalent-mutants";

const TARGET = 90;
const REPORT = "reports/mutation/mutation.json";

interface Mutant {
  id: string;
  mutatorName: string;
  replacement?: string;
  status: string;
  location: { start: { line: number; column: number }; end: { line: number; column: number } };
}
interface MutationReport {
  files: Record<string, { source: string; mutants: Mutant[] }>;
}

interface ModuleScore {
  file: string;
  mutants: number;
  killed: number;
  survived: number;
  equivalent: number;
  /** Killed (timeouts included) over mutants that can change behaviour; null when there are none. */
  score: number | null;
  /** Survivors with no entry in READ_SURVIVORS. */
  unread: Array<{ line: number; column: number; mutator: string; source: string; replacement: string }>;
  /** Survivors with an entry, and its verdict. */
  read: Array<{ line: number; entry: ReadSurvivor }>;
}

/** The survivor's key: what READ_SURVIVORS names it by. */
const keyOf = (file: string, mutator: string, line: string, original: string, replacement: string) =>
  JSON.stringify([file, mutator, line, original, replacement]);

function summarise(report: MutationReport, entries: readonly ReadSurvivor[] = READ_SURVIVORS): ModuleScore[] {
  const listed = new Map(entries.map((e) => [keyOf(e.file, e.mutator, e.line, e.original, e.replacement), e]));
  return Object.entries(report.files)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([file, { source, mutants }]) => {
      const lines = source.split("\n");
      const counted = mutants.filter((m) => !["Ignored", "CompileError", "RuntimeError"].includes(m.status));
      const killed = counted.filter((m) => m.status === "Killed" || m.status === "Timeout").length;
      const read: ModuleScore["read"] = [];
      const unread: ModuleScore["unread"] = [];
      for (const m of counted) {
        if (m.status !== "Survived" && m.status !== "NoCoverage") continue;
        const { start, end } = m.location;
        const first = lines[start.line - 1] ?? "";
        const line = first.trim();
        // Columns count from 1; a mutant over several lines is named by its first line's part.
        const original = first.slice(start.column - 1, end.line === start.line ? end.column - 1 : undefined).trim();
        const replacement = (m.replacement ?? "").replace(/\s+/g, " ");
        const entry = listed.get(keyOf(file, m.mutatorName, line, original, replacement));
        if (entry) read.push({ line: m.location.start.line, entry });
        else
          unread.push({
            line: m.location.start.line,
            column: m.location.start.column,
            mutator: m.mutatorName,
            source: line,
            replacement,
          });
      }
      const equivalent = read.filter((r) => r.entry.verdict === "equivalent").length;
      const survived = counted.length - killed;
      const relevant = counted.length - equivalent;
      return {
        file,
        mutants: counted.length,
        killed,
        survived,
        equivalent,
        score: relevant === 0 ? null : Math.floor((killed / relevant) * 1000) / 10,
        unread,
        read,
      };
    });
}

function markdown(scores: readonly ModuleScore[]): string {
  const rows = scores.map(
    (s) =>
      `| \`${s.file}\` | ${s.mutants} | ${s.killed} | ${s.survived} | ${s.equivalent} | ${s.score === null ? "–" : `${s.score} %`} |`,
  );
  const survivors = scores.flatMap((s) => [
    ...s.read.map(
      (r) =>
        `- \`${s.file}:${r.line}\` ${r.entry.mutator} → \`${r.entry.replacement}\` (${r.entry.verdict}): ${r.entry.reason}`,
    ),
    ...s.unread.map(
      (u) =>
        `- \`${s.file}:${u.line}:${u.column}\` ${u.mutator} → \`${u.replacement}\` in \`${u.source}\`: **not read yet**`,
    ),
  ]);
  return [
    "| module | mutants | killed | survived | equivalent | score without equivalent |",
    "|---|---:|---:|---:|---:|---:|",
    ...rows,
    "",
    ...survivors,
    "",
  ].join("\n");
}

function modulesFrom(args: readonly string[]): string[] {
  return args.map((a) => (!a.includes("/") && !a.includes(".") && !a.includes("*") ? `lib/${a}.ts` : a));
}

function main(): void {
  const args = process.argv.slice(2);
  const reportOnly = args.includes("--report-only");
  const modules = modulesFrom(args.filter((a) => !a.startsWith("--")));
  if (!reportOnly) {
    const stryker = path.join("node_modules", ".bin", "stryker");
    const result = spawnSync(
      stryker,
      ["run", "stryker.config.mjs", ...(modules.length ? ["--mutate", modules.join(",")] : [])],
      { stdio: "inherit" },
    );
    if (result.status !== 0) {
      console.error(`stryker failed (exit ${result.status ?? result.signal})`);
      process.exit(result.status ?? 1);
    }
  }
  if (!existsSync(REPORT)) {
    console.error(`${REPORT} is missing: run without --report-only first`);
    process.exit(1);
  }
  const scores = summarise(JSON.parse(readFileSync(REPORT, "utf8")) as MutationReport);
  const summary = markdown(scores);
  mkdirSync(path.dirname(REPORT), { recursive: true });
  writeFileSync("reports/mutation/summary.md", summary);
  console.log(`\nMutation score per module (target ${TARGET} %, equivalent mutants left out):\n`);
  console.log(summary);
  const unread = scores.reduce((n, s) => n + s.unread.length, 0);
  if (unread)
    console.log(`${unread} survivor(s) not read yet: add tests, or entries in scripts/lib/equivalent-mutants.ts.`);
  const below = scores.filter((s) => s.score !== null && s.score < TARGET);
  if (below.length) {
    console.error(`Below ${TARGET} %: ${below.map((s) => `${s.file} (${s.score} %)`).join(", ")}`);
    process.exit(1);
  }
}

main();
