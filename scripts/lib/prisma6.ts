/**
 * Drives Prisma's own migration SQL generator offline: the Prisma 6.19 CLI in
 * tools/prisma6, whose WebAssembly schema engine (`engine: "js"`) needs no
 * download, unlike Prisma 7's native one. Used only by developers and tests
 * (db:migration:new, db:check); the app applies migrations with ./migrate.ts.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { applyMigrations } from "./migrate";
import { startEmbeddedPostgres } from "./postgres";

const ROOT = process.cwd();
const TOOL_DIR = path.join(ROOT, "tools", "prisma6");
const PRISMA6_CLI = path.join(TOOL_DIR, "node_modules", "prisma", "build", "index.js");
export const SCHEMA_PATH = path.join(ROOT, "prisma", "schema.prisma");

/**
 * Prisma 6 cannot read the v7 schema as is: it requires `url` in the datasource
 * and does not know the v7 generator. The copy swaps the generator for one with
 * `engineType = "client"` (nothing to generate from it; it tells the CLI that no
 * native query engine is needed, which it would otherwise try to download).
 */
export function toPrisma6Schema(schema: string): string {
  const generatorBlock = /^generator\s+\w+\s*\{[^}]*\}/gm;
  const generatorCount = schema.match(generatorBlock)?.length ?? 0;
  const withoutGenerators = schema.replace(generatorBlock, "");
  const datasourceBlock = /^(datasource\s+\w+\s*\{)([^}]*)\}/m;
  const datasource = datasourceBlock.exec(withoutGenerators);
  if (generatorCount === 0 || !datasource) {
    throw new Error("prisma/schema.prisma: expected a generator and a datasource block");
  }
  if (/^\s*url\s*=/m.test(datasource[2] ?? "")) {
    throw new Error("prisma/schema.prisma: Prisma 7 schemas must not set url in the datasource");
  }
  const generator = 'generator client {\n  provider   = "prisma-client-js"\n  engineType = "client"\n}\n';
  const withUrl = withoutGenerators.replace(
    datasourceBlock,
    (_all, head: string, body: string) => `${head}${body}  url = env("DATABASE_URL")\n}`,
  );
  return `${generator}\n${withUrl}`;
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the Prisma 6 CLI against `databases` with a v6 copy of the (v7) schema at `schemaPath`. */
export async function runPrisma6(
  args: (schemaPath: string) => string[],
  databases: { databaseUrl: string; shadowDatabaseUrl?: string },
  schemaPath = SCHEMA_PATH,
): Promise<CliResult> {
  if (!existsSync(PRISMA6_CLI)) {
    throw new Error(
      `${PRISMA6_CLI} is missing: run \`npm ci\` in the project root (its postinstall installs tools/prisma6)`,
    );
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), "portal-prisma6-"));
  try {
    const v6SchemaPath = path.join(dir, "schema.prisma");
    writeFileSync(v6SchemaPath, toPrisma6Schema(readFileSync(schemaPath, "utf8")));
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DATABASE_URL: databases.databaseUrl,
      PRISMA6_SHADOW_DATABASE_URL: databases.shadowDatabaseUrl ?? "",
      PRISMA6_SCHEMA: v6SchemaPath,
      // No telemetry or update checks: they would only time out offline.
      CHECKPOINT_DISABLE: "1",
      PRISMA_HIDE_UPDATE_MESSAGE: "1",
    };
    // The root's stub engine is for Prisma 7; this CLI must use its WASM engine.
    delete env.PRISMA_SCHEMA_ENGINE_BINARY;
    // cwd: picks up tools/prisma6/prisma.config.ts.
    return await run(process.execPath, [PRISMA6_CLI, ...args(v6SchemaPath)], { cwd: TOOL_DIR, env });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function run(command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }) {
  return new Promise<CliResult>((resolve, reject) => {
    const child = spawn(command, args, { ...options, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ code: code ?? (signal ? 128 : 1), stdout, stderr }));
  });
}

/** What Prisma prints for `--script` when there is nothing to change. */
const EMPTY_SCRIPT_MARKER = "-- This is an empty migration.";

export interface ScratchDatabases {
  /** Has every migration applied by our runner. */
  databaseUrl: string;
  /** Empty; Prisma replays prisma/migrations here with its own engine. */
  shadowDatabaseUrl: string;
}

export type DiffResult =
  { status: "empty"; sql: string } | { status: "changes"; sql: string } | { status: "error"; message: string };

/**
 * SQL that takes a database built from prisma/migrations to the current
 * schema.prisma, computed by Prisma's schema engine. Prisma 6 refuses
 * `--from-url` when a driver adapter is configured (and the WASM engine only
 * works with one), so Prisma replays the migrations into the shadow database
 * itself, exactly as `prisma migrate dev` does.
 * `--exit-code`: 0 = no difference, 2 = difference, anything else = failure.
 */
export async function diffMigrationsToSchema(
  databases: ScratchDatabases,
  schemaPath = SCHEMA_PATH,
): Promise<DiffResult> {
  const result = await runPrisma6(
    (schema) => [
      "migrate",
      "diff",
      "--from-migrations",
      path.join(ROOT, "prisma", "migrations"),
      "--to-schema-datamodel",
      schema,
      "--script",
      "--exit-code",
    ],
    databases,
    schemaPath,
  );
  if (result.code === 2) return { status: "changes", sql: result.stdout };
  // Trust "no difference" only when the engine demonstrably ran and said so.
  if (result.code === 0 && result.stdout.includes(EMPTY_SCRIPT_MARKER)) return { status: "empty", sql: result.stdout };
  return {
    status: "error",
    message: `prisma 6 migrate diff exited with ${result.code}\n${result.stderr}${result.stdout}`.trim(),
  };
}

/**
 * A throw-away embedded Postgres holding a database with every migration
 * applied by the runner (so a migration the runner cannot apply fails here
 * too) and an empty shadow database for Prisma.
 */
export async function withScratchDatabases<T>(fn: (databases: ScratchDatabases) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "portal-scratch-pg-"));
  // A subfolder: the helper makes the data dir's parent writable for the postgres user.
  const server = await startEmbeddedPostgres({ dataDir: path.join(dir, "data"), persistent: false });
  try {
    const databaseUrl = await server.createDatabase("scratch");
    await applyMigrations(databaseUrl);
    const shadowDatabaseUrl = await server.createDatabase("shadow");
    return await fn({ databaseUrl, shadowDatabaseUrl });
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
