/**
 * `npm run db:check`: fails when prisma/migrations does not produce exactly
 * prisma/schema.prisma (someone changed the schema without adding a migration,
 * or edited SQL by hand), and prints the SQL that is missing. Also fails when a
 * migration cannot be applied by the app's runner, or when Prisma's engine
 * cannot run at all: a check that cannot run must not pass.
 */
import { checkSchemaDrift } from "./lib/schema-drift";

const result = await checkSchemaDrift();
if (result.ok) {
  console.log("db:check: prisma/migrations and prisma/schema.prisma agree");
} else {
  console.error(`db:check: ${result.message}`);
  process.exit(1);
}
