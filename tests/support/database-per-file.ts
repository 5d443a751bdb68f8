/**
 * Vitest setupFile for the integration project. Runs before the test file is
 * imported, so the file's code (and the server's lazily created Prisma client)
 * sees DATABASE_URL pointing at a database of its own: a fresh copy of the
 * migrated template, so files never share rows and need no cleanup between them.
 */
import { afterAll, inject } from "vitest";
import { configureEnv } from "@/server/env";
import { recordSecrets } from "../../scripts/lib/known-secrets";
import { webhookSecretsIn } from "../../scripts/lib/webhook-secrets";
import { createDatabase, dropDatabase, uniqueDatabaseName } from "./databases";

const adminUrl = inject("databaseAdminUrl");
const name = uniqueDatabaseName("test");
const databaseUrl = await createDatabase(adminUrl, name, inject("templateDatabase"));
configureEnv({ DATABASE_URL: databaseUrl, ...inject("testSecrets") });

// Registered first, so it runs after the test file's own afterAll hooks.
afterAll(async () => {
  // The webhook secrets this file's tests made, for the secret scan (scripts/secret-scan.ts).
  await webhookSecretsIn(databaseUrl)
    .then((secrets) => secrets.length > 0 && recordSecrets(`vitest-webhooks-${name}`, secrets))
    .catch((error: unknown) =>
      console.warn(`could not list the webhook secrets of ${name}:`, error instanceof Error ? error.message : error),
    );
  // Best effort: the server is thrown away at the end of the run anyway.
  await dropDatabase(adminUrl, name).catch((error: unknown) => {
    console.warn(`could not drop test database ${name}:`, error);
  });
});
