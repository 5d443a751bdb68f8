/**
 * The drift check behind `npm run db:check` and tests/integration/schema-drift.test.ts.
 */
import { diffMigrationsToSchema, withScratchDatabases, type ScratchDatabases } from "./prisma6";

export type DriftResult = { ok: true } | { ok: false; message: string };

/**
 * Compares prisma/migrations with prisma/schema.prisma using Prisma's engine.
 * Without `databases`, starts its own throw-away Postgres (which also applies
 * every migration with the app's runner); tests pass databases from theirs.
 */
export async function checkSchemaDrift(databases?: ScratchDatabases): Promise<DriftResult> {
  let diff;
  try {
    diff = databases ? await diffMigrationsToSchema(databases) : await withScratchDatabases(diffMigrationsToSchema);
  } catch (error) {
    return { ok: false, message: `could not run the check: ${error instanceof Error ? error.message : String(error)}` };
  }
  switch (diff.status) {
    case "empty":
      return { ok: true };
    case "changes":
      return {
        ok: false,
        message:
          "prisma/schema.prisma differs from what prisma/migrations produces. " +
          "Add a migration with `npm run db:migration:new -- <name>`. SQL that is missing from the migrations:\n\n" +
          diff.sql,
      };
    case "error":
      return { ok: false, message: `Prisma's schema engine failed, so the check could not run:\n${diff.message}` };
  }
}
