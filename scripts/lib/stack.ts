/**
 * Brings up what the portal needs on one machine: Postgres (embedded unless
 * DATABASE_URL is set), migrations, and the MyCirrus simulator. Used by
 * `npm run dev` and by the end-to-end test server.
 */
import path from "node:path";
import { bootSettings, configureEnv } from "@/server/env";
import { startSimulator } from "@/simulator/server";
import { applyMigrations } from "./migrate";
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from "./postgres";

export interface LocalStack {
  databaseUrl: string;
  simulatorUrl: string;
  stop(): Promise<void>;
}

export async function startLocalStack(options: {
  dataDir: string;
  persistent: boolean;
  simulatorPort?: number;
  log: (line: string) => void;
}): Promise<LocalStack> {
  const settings = bootSettings();
  let postgres: EmbeddedPostgresHandle | undefined;
  let databaseUrl = settings.DATABASE_URL;
  if (!databaseUrl) {
    options.log("starting embedded Postgres…");
    postgres = await startEmbeddedPostgres({ dataDir: path.join(options.dataDir, "postgres"), persistent: options.persistent });
    databaseUrl = await postgres.createDatabase("portal");
  }
  const { applied } = await applyMigrations(databaseUrl, { log: options.log });
  if (applied.length > 0) options.log(`applied ${applied.length} migration(s)`);

  const simulator = await startSimulator({ port: options.simulatorPort ?? 0 });
  configureEnv({ DATABASE_URL: databaseUrl, SIMULATOR_URL: simulator.apiUrl });

  return {
    databaseUrl,
    simulatorUrl: simulator.apiUrl,
    async stop() {
      await simulator.close().catch(() => undefined);
      const { db } = await import("@/server/db/client");
      await db().$disconnect().catch(() => undefined);
      await postgres?.stop().catch(() => undefined);
    },
  };
}
