/**
 * Brings up what the portal needs on one machine: Postgres (embedded unless
 * DATABASE_URL is set), migrations, and the MyCirrus simulator. Used by
 * `npm run dev` and by the end-to-end test server.
 */
import path from "node:path";
import { bootSettings, configureEnv } from "@/server/env";
import { startSimulator } from "@/simulator/server";
import { startMailbox, type Mailbox } from "./mailbox";
import { applyMigrations } from "./migrate";
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from "./postgres";

export interface LocalStack {
  databaseUrl: string;
  simulatorUrl: string;
  /** The local mailbox's web API, when no SMTP_URL was given. */
  mailboxUrl: string | null;
  stop(): Promise<void>;
}

export async function startLocalStack(options: {
  dataDir: string;
  persistent: boolean;
  simulatorPort?: number;
  /** False keeps the simulator's flaky links up (the e2e tests count the fleet at any time of day). */
  generatedOutages?: boolean;
  /** Local mailbox ports (0 = any free one); ignored when SMTP_URL is set. */
  mailbox?: { smtpPort: number; httpPort: number };
  log: (line: string) => void;
}): Promise<LocalStack> {
  const settings = bootSettings();
  let postgres: EmbeddedPostgresHandle | undefined;
  let databaseUrl = settings.DATABASE_URL;
  if (!databaseUrl) {
    options.log("starting embedded Postgres…");
    postgres = await startEmbeddedPostgres({
      dataDir: path.join(options.dataDir, "postgres"),
      persistent: options.persistent,
    });
    databaseUrl = await postgres.createDatabase("portal");
  }
  const { applied } = await applyMigrations(databaseUrl, { log: options.log });
  if (applied.length > 0) options.log(`applied ${applied.length} migration(s)`);

  // startTime: now to the millisecond (the default rounds down to the second), so the simulator's
  // webhook times agree with the portal's clock as real MyCirrus's do.
  const simulator = await startSimulator({
    port: options.simulatorPort ?? 0,
    startTime: Date.now(),
    generatedOutages: options.generatedOutages ?? true,
  });
  configureEnv({ DATABASE_URL: databaseUrl, SIMULATOR_URL: simulator.apiUrl });

  let mailbox: Mailbox | undefined;
  if (!settings.SMTP_URL) {
    mailbox = await startMailbox(options.mailbox ?? { smtpPort: 0, httpPort: 0 });
    configureEnv({ SMTP_URL: mailbox.smtpUrl, MAILBOX_URL: mailbox.httpUrl ?? undefined });
  }

  return {
    databaseUrl,
    simulatorUrl: simulator.apiUrl,
    mailboxUrl: mailbox?.httpUrl ?? null,
    async stop() {
      await simulator.close().catch(() => undefined);
      await mailbox?.stop().catch(() => undefined);
      const { db } = await import("@/server/db/client");
      await db()
        .$disconnect()
        .catch(() => undefined);
      await postgres?.stop().catch(() => undefined);
    },
  };
}
