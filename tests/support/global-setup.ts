/**
 * Vitest globalSetup for the integration project: one real, throw-away
 * Postgres for the whole run, with a template database that has every
 * migration applied by the same runner the app uses. Each test file then gets
 * its own copy of the template (see database-per-file.ts), which takes
 * milliseconds, instead of migrating a database per file.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { generateSecrets } from "@/server/env";
import { recordSecrets } from "../../scripts/lib/known-secrets";
import { applyMigrations } from "../../scripts/lib/migrate";
import { startEmbeddedPostgres } from "../../scripts/lib/postgres";
import { createDatabase, TEMPLATE_DATABASE, withAdminClient } from "./databases";

declare module "vitest" {
  export interface ProvidedContext {
    /** URL of the `postgres` maintenance database of the run's server (superuser). */
    databaseAdminUrl: string;
    /** Name of the fully migrated template database to copy. */
    templateDatabase: string;
    /** AUTH_SECRET and ENCRYPTION_KEY of the whole run (set by database-per-file.ts). */
    testSecrets: { AUTH_SECRET: string; ENCRYPTION_KEY: string };
  }
}

export default async function setup(project: TestProject) {
  const dir = mkdtempSync(path.join(os.tmpdir(), "portal-test-pg-"));
  // The data dir is a subfolder: the helper makes its parent writable for the postgres user.
  const server = await startEmbeddedPostgres({ dataDir: path.join(dir, "data"), persistent: false });
  try {
    const templateUrl = await createDatabase(server.adminUrl, TEMPLATE_DATABASE);
    await applyMigrations(templateUrl);
    // No one may connect to the template any more: CREATE DATABASE ... TEMPLATE
    // fails while a session is open on it, and tests must not change it.
    await withAdminClient(server.adminUrl, (client) =>
      client.query(`ALTER DATABASE "${TEMPLATE_DATABASE}" WITH IS_TEMPLATE true ALLOW_CONNECTIONS false`),
    );
  } catch (error) {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }

  project.provide("databaseAdminUrl", server.adminUrl);
  project.provide("templateDatabase", TEMPLATE_DATABASE);
  // One pair for the run, made here rather than per worker process, so the
  // secret scan at the end of `npm test` knows what to look for.
  const secrets = generateSecrets();
  recordSecrets("vitest", [
    { name: "tests' AUTH_SECRET", value: secrets.AUTH_SECRET },
    { name: "tests' ENCRYPTION_KEY", value: secrets.ENCRYPTION_KEY },
  ]);
  project.provide("testSecrets", secrets);

  return async function teardown() {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  };
}
