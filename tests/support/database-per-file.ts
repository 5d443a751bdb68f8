/**
 * Vitest setupFile for the integration project. Runs before the test file is
 * imported, so the file's code (and the server's lazily created Prisma client)
 * sees DATABASE_URL pointing at a database of its own: a fresh copy of the
 * migrated template, so files never share rows and need no cleanup between them.
 */
import { afterAll, inject } from "vitest";
import { createDatabase, dropDatabase, uniqueDatabaseName } from "./databases";

const adminUrl = inject("databaseAdminUrl");
const name = uniqueDatabaseName("test");
process.env.DATABASE_URL = await createDatabase(adminUrl, name, inject("templateDatabase"));

// Registered first, so it runs after the test file's own afterAll hooks.
afterAll(async () => {
  // Best effort: the server is thrown away at the end of the run anyway.
  await dropDatabase(adminUrl, name).catch((error: unknown) => {
    console.warn(`could not drop test database ${name}:`, error);
  });
});
