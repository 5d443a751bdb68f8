/**
 * `npm run db:migrate`: applies pending migrations to DATABASE_URL with the
 * offline runner (no Prisma CLI, no network). Safe to run from several
 * processes at once; see scripts/lib/migrate.ts.
 */
import { applyMigrations } from "./lib/migrate";

const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) {
  console.error("db:migrate: DATABASE_URL is not set");
  process.exit(1);
}

try {
  const { applied } = await applyMigrations(databaseUrl, { log: (line) => console.log(line) });
  console.log(`db:migrate: ${applied.length} migration(s) applied`);
} catch (error) {
  console.error(`db:migrate: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
