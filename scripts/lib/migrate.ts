/**
 * Applies prisma/migrations/<name>/migration.sql to a PostgreSQL database with
 * the `pg` driver only: Prisma 7's CLI needs a native schema engine that cannot
 * be downloaded here, and the app must be able to migrate on start with no
 * network. The bookkeeping is Prisma Migrate's own (`_prisma_migrations`, same
 * DDL, checksums and advisory lock), so `prisma migrate status|deploy` and this
 * runner can be used on the same database interchangeably.
 */
import { createHash, randomUUID } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";

/**
 * The key Prisma's schema engine locks on Postgres before migrating. Sharing it
 * means this runner, another instance of it and `prisma migrate deploy` all
 * wait for each other instead of applying the same migration twice.
 */
const PRISMA_ADVISORY_LOCK_KEY = 72707369;

/** Byte for byte the table Prisma's schema engine creates on Postgres. */
const CREATE_MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

export interface LocalMigration {
  name: string;
  sql: string;
  checksum: string;
}

export interface MigrateOptions {
  log?: (line: string) => void;
  /** Defaults to prisma/migrations under the current directory (the project root for npm, next and vitest). */
  migrationsDir?: string;
}

export function defaultMigrationsDir(): string {
  return path.resolve(process.cwd(), "prisma", "migrations");
}

/** Prisma's checksum: SHA-256 (hex) of the migration.sql bytes as stored on disk. */
export function migrationChecksum(contents: Buffer | string): string {
  return createHash("sha256").update(contents).digest("hex");
}

/** Migration folders in the order Prisma applies them (by name, which starts with a UTC timestamp). */
export function readMigrations(migrationsDir = defaultMigrationsDir()): LocalMigration[] {
  if (!existsSync(migrationsDir)) return [];
  return readdirSync(migrationsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const file = path.join(migrationsDir, name, "migration.sql");
      if (!existsSync(file)) throw new Error(`Migration folder ${name} has no migration.sql (${file})`);
      const bytes = readFileSync(file);
      return { name, sql: bytes.toString("utf8"), checksum: migrationChecksum(bytes) };
    });
}

interface MigrationRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
  logs: string | null;
}

export async function applyMigrations(databaseUrl: string, opts: MigrateOptions = {}): Promise<{ applied: string[] }> {
  const log = opts.log ?? (() => undefined);
  const migrations = readMigrations(opts.migrationsDir);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    // Session-level lock: held across the per-migration transactions below and
    // released in `finally` (or by Postgres if this process dies).
    await client.query("SELECT pg_advisory_lock($1)", [PRISMA_ADVISORY_LOCK_KEY]);
    try {
      await client.query(CREATE_MIGRATIONS_TABLE);
      const rows = (
        await client.query<MigrationRow>(
          `SELECT migration_name, checksum, finished_at, rolled_back_at, logs
             FROM "_prisma_migrations" ORDER BY started_at`,
        )
      ).rows;
      const applied = verifyHistory(rows, migrations, log);

      const newlyApplied: string[] = [];
      for (const migration of migrations) {
        if (applied.has(migration.name)) continue;
        await applyOne(client, migration);
        newlyApplied.push(migration.name);
        log(`applied migration ${migration.name}`);
      }
      if (newlyApplied.length === 0) log("database schema is up to date");
      return { applied: newlyApplied };
    } finally {
      // If the connection is broken the lock is already gone with the session;
      // don't let that mask the original error.
      await client.query("SELECT pg_advisory_unlock($1)", [PRISMA_ADVISORY_LOCK_KEY]).catch(() => undefined);
    }
  } finally {
    await client.end();
  }
}

/**
 * Refuses to go on in the situations where `prisma migrate deploy` refuses
 * (a failed migration, P3009) or where it would silently diverge (an applied
 * file that was edited afterwards). Returns the names of applied migrations.
 */
function verifyHistory(rows: MigrationRow[], migrations: LocalMigration[], log: (line: string) => void): Set<string> {
  // Rows marked rolled back (`prisma migrate resolve --rolled-back`) count as not applied.
  const live = rows.filter((row) => row.rolled_back_at === null);
  const failed = live.filter((row) => row.finished_at === null);
  if (failed.length > 0) {
    const detail = failed.map((row) => `  ${row.migration_name}: ${row.logs ?? "(no logs)"}`).join("\n");
    throw new Error(
      `Refusing to migrate: ${failed.length} migration(s) are recorded as failed in _prisma_migrations:\n${detail}\n` +
        "Fix the database by hand, then mark them with `prisma migrate resolve --applied|--rolled-back <name>` " +
        "(or delete their _prisma_migrations rows).",
    );
  }
  const byName = new Map(migrations.map((m) => [m.name, m]));
  const applied = new Set<string>();
  for (const row of live) {
    applied.add(row.migration_name);
    const local = byName.get(row.migration_name);
    if (!local) {
      // An older build starting against a newer database (rolling deploys): not fatal.
      log(`warning: migration ${row.migration_name} is applied in the database but missing locally`);
      continue;
    }
    if (local.checksum !== row.checksum) {
      throw new Error(
        `Migration ${row.migration_name} was modified after it was applied: ` +
          `checksum in database ${row.checksum}, on disk ${local.checksum}. ` +
          "Never edit an applied migration; restore the file and add a new migration instead.",
      );
    }
  }
  return applied;
}

/**
 * One transaction per migration: the script and its bookkeeping row commit
 * together or not at all, so a failing script leaves neither half-applied DDL
 * nor a "failed" row behind, and the next start simply retries it.
 */
async function applyOne(client: pg.Client, migration: LocalMigration) {
  const id = randomUUID();
  await client.query("BEGIN");
  try {
    // clock_timestamp(), not now(): now() is frozen at the start of the transaction.
    await client.query(
      `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count)
       VALUES ($1, $2, $3, clock_timestamp(), 0)`,
      [id, migration.checksum, migration.name],
    );
    // No parameters: pg then uses the simple query protocol, which accepts a
    // whole multi-statement script, as Prisma sends it.
    await client.query(migration.sql);
    await client.query(
      `UPDATE "_prisma_migrations" SET finished_at = clock_timestamp(), applied_steps_count = 1 WHERE id = $1`,
      [id],
    );
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`Migration ${migration.name} failed and was rolled back: ${message}`, { cause: error });
  }
}
