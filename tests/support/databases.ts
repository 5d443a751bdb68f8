/**
 * Creating and dropping databases on the test run's embedded Postgres.
 */
import { randomBytes } from "node:crypto";
import pg from "pg";

export const TEMPLATE_DATABASE = "portal_template";

export async function withAdminClient<T>(adminUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export function databaseUrl(adminUrl: string, database: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/** Unique across workers and across files run one after another in the same worker. */
export function uniqueDatabaseName(prefix: string): string {
  return `${prefix}_${process.pid}_${Date.now().toString(36)}_${randomBytes(4).toString("hex")}`;
}

/**
 * Creates a database (a copy of `template`, or empty) and returns its URL.
 * Postgres refuses to copy a template while another session is connected to
 * it (55006); nothing should be, but a short retry makes that race harmless.
 */
export async function createDatabase(adminUrl: string, name: string, template?: string): Promise<string> {
  const from = template ? ` TEMPLATE "${template}"` : "";
  await withAdminClient(adminUrl, async (client) => {
    for (let attempt = 1; ; attempt++) {
      try {
        await client.query(`CREATE DATABASE "${name}"${from}`);
        return;
      } catch (error) {
        const code = (error as { code?: string }).code;
        if (code !== "55006" || attempt >= 5) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
      }
    }
  });
  return databaseUrl(adminUrl, name);
}

/** WITH (FORCE) ends sessions a test left open (e.g. a Prisma client's pool). */
export async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  await withAdminClient(adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}
