/**
 * Makes `npm test` fail when prisma/schema.prisma and prisma/migrations
 * disagree (the same check as `npm run db:check`, on this run's Postgres), and
 * proves with Prisma's own CLI that the runner's bookkeeping is Prisma's.
 * Runs the Prisma 6 CLI from tools/prisma6 in a child process (~1-2 s each).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, inject, it } from "vitest";
import { diffMigrationsToSchema, runPrisma6, SCHEMA_PATH, type ScratchDatabases } from "@/scripts/lib/prisma6";
import { checkSchemaDrift } from "@/scripts/lib/schema-drift";
import { createDatabase, dropDatabase, uniqueDatabaseName } from "@/tests/support/databases";

const adminUrl = inject("databaseAdminUrl");
const created: string[] = [];
afterAll(async () => {
  await Promise.all(created.map((name) => dropDatabase(adminUrl, name)));
});

/** This file's database (the template, migrated by the runner) plus an empty shadow database for Prisma. */
async function databases(): Promise<ScratchDatabases> {
  const name = uniqueDatabaseName("shadow");
  created.push(name);
  return { databaseUrl: process.env.DATABASE_URL!, shadowDatabaseUrl: await createDatabase(adminUrl, name) };
}

const SLOW = 60_000;

describe("schema drift", () => {
  it("prisma/migrations produce exactly prisma/schema.prisma", { timeout: SLOW }, async () => {
    // On failure the message holds the SQL missing from the migrations.
    expect(await checkSchemaDrift(await databases())).toEqual({ ok: true });
  });

  it("detects a schema change that has no migration", { timeout: SLOW }, async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "portal-drift-"));
    try {
      const schemaPath = path.join(dir, "schema.prisma");
      const extraModel = "\nmodel DriftProbe {\n  id Int @id\n}\n";
      writeFileSync(schemaPath, readFileSync(SCHEMA_PATH, "utf8") + extraModel);

      const diff = await diffMigrationsToSchema(await databases(), schemaPath);

      expect(diff.status).toBe("changes");
      expect(diff.status === "changes" && diff.sql).toContain('CREATE TABLE "DriftProbe"');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("Prisma Migrate sees a database migrated by the runner as up to date", { timeout: SLOW }, async () => {
    const status = await runPrisma6(() => ["migrate", "status"], { databaseUrl: process.env.DATABASE_URL! });

    expect(status.stdout).toContain("Database schema is up to date!");
    expect(status.code).toBe(0);
  });
});
