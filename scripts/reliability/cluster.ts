/**
 * A real deployment on one machine for the reliability runs: embedded Postgres
 * (stoppable and restartable on the same data folder and port), the MyCirrus
 * simulator, the local SMTP mailbox (which can go down and up), N `next start`
 * processes of the production build behind a round-robin proxy, and N
 * `scripts/worker.ts` processes. Portals and workers are separate OS processes,
 * spawned with their environment, in their own process group so SIGKILL takes
 * the whole process and nothing else.
 *
 * Each process connects with its own Postgres application_name, and triggers in
 * a `reliability` schema record which process stored a webhook, finished
 * processing it, and marked an email sent: that is how the runs show who did
 * what without changing the portal.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { defaultSubscription } from "@/lib/subscriptions";
import { db } from "@/server/db/client";
import { configureEnv, processEnvironment } from "@/server/env";
import { afterFleetSync } from "@/server/jobs/alert-handlers";
import { stopQueue } from "@/server/jobs/queue";
import { signUp } from "@/server/services/accounts";
import { ensureDefaultRules } from "@/server/services/alerts";
import { syncFleet } from "@/server/services/fleet";
import { saveApiKey } from "@/server/services/mycirrus";
import { createOrganization } from "@/server/services/organizations";
import { SimulatorControl } from "@/simulator/control";
import { startSimulator } from "@/simulator/server";
import { startMailbox, type Mailbox } from "../lib/mailbox";
import { applyMigrations } from "../lib/migrate";
import { freePort, startEmbeddedPostgres, type EmbeddedPostgresHandle } from "../lib/postgres";
import { addSubscribers } from "../lib/subscribers";
import { sleep, until } from "./util";

/** One spawned OS process (a portal or a worker) with its output kept for inspection. */
export class Proc {
  readonly output: string[] = [];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private done = false;

  constructor(
    readonly name: string,
    readonly child: ChildProcess,
    private readonly echo: boolean,
  ) {
    const collect = (chunk: Buffer) => {
      for (const line of chunk.toString("utf8").split("\n")) {
        if (!line.trim()) continue;
        this.output.push(line);
        if (this.echo) console.log(`    (${name}) ${line}`);
      }
    };
    child.stdout?.on("data", collect);
    child.stderr?.on("data", collect);
    this.exited = new Promise((resolve) =>
      child.on("exit", (code, signal) => {
        this.done = true;
        resolve({ code, signal });
      }),
    );
  }

  get running(): boolean {
    return !this.done;
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** Signals the process group this process leads (it was spawned detached). */
  kill(signal: NodeJS.Signals): void {
    if (this.done) return;
    try {
      process.kill(-this.pid, signal);
    } catch {
      this.child.kill(signal);
    }
  }

  async stop(): Promise<void> {
    if (this.done) return;
    this.kill("SIGTERM");
    const timer = setTimeout(() => this.kill("SIGKILL"), 10_000);
    await this.exited;
    clearTimeout(timer);
  }

  async waitForLine(pattern: RegExp, timeoutMs = 60_000): Promise<string> {
    return until(
      `${this.name}: ${pattern}`,
      async () => {
        if (this.done) throw new Error(`${this.name} exited:\n${this.output.slice(-20).join("\n")}`);
        return this.output.find((l) => pattern.test(l)) ?? null;
      },
      timeoutMs,
      100,
    );
  }
}

/** Round-robin HTTP proxy in front of the portals; counts what each upstream answered. */
export interface Proxy {
  url: string;
  /** upstream index → status code → count */
  counts: Map<number, Map<number, number>>;
  close(): Promise<void>;
}

export async function startProxy(upstreams: string[]): Promise<Proxy> {
  let next = 0;
  const counts = new Map<number, Map<number, number>>();
  const count = (i: number, status: number) => {
    const m = counts.get(i) ?? new Map<number, number>();
    m.set(status, (m.get(status) ?? 0) + 1);
    counts.set(i, m);
  };
  const server = http.createServer((req, res) => {
    const index = next++ % upstreams.length;
    const target = new URL(req.url ?? "/", upstreams[index]);
    const upstream = http.request(target, { method: req.method, headers: req.headers }, (answer) => {
      count(index, answer.statusCode ?? 0);
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on("error", () => {
      count(index, 502);
      if (!res.headersSent) res.writeHead(502).end("bad gateway");
      else res.destroy();
    });
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    counts,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export interface ClusterOptions {
  name: string;
  portals: number;
  workers: number;
  /** Echo the children's output (noisy; for debugging a scenario). */
  verbose?: boolean;
}

export interface SeededOrg {
  id: string;
  slug: string;
  apiKey: string;
  serials: string[];
  subscribers: { id: string; email: string }[];
  offlineRuleId: string;
}

const AUDIT_SQL = `
CREATE SCHEMA IF NOT EXISTS reliability;
CREATE TABLE IF NOT EXISTS reliability.audit (
  id bigserial PRIMARY KEY,
  kind text NOT NULL,
  row_id text NOT NULL,
  app text NOT NULL,
  at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE OR REPLACE FUNCTION reliability.webhook_event_audit() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO reliability.audit (kind, row_id, app) VALUES ('webhook.stored', NEW.id, current_setting('application_name'));
  ELSIF NEW."processedAt" IS NOT NULL AND OLD."processedAt" IS NULL THEN
    INSERT INTO reliability.audit (kind, row_id, app) VALUES ('webhook.processed', NEW.id, current_setting('application_name'));
  ELSIF NEW."processedAt" IS DISTINCT FROM OLD."processedAt" THEN
    INSERT INTO reliability.audit (kind, row_id, app) VALUES ('webhook.reprocessed', NEW.id, current_setting('application_name'));
  END IF;
  RETURN NEW;
END $$;
DROP TRIGGER IF EXISTS reliability_webhook_event ON "WebhookEvent";
CREATE TRIGGER reliability_webhook_event AFTER INSERT OR UPDATE ON "WebhookEvent" FOR EACH ROW EXECUTE FUNCTION reliability.webhook_event_audit();
CREATE OR REPLACE FUNCTION reliability.email_audit() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.state = 'sent' AND OLD.state IS DISTINCT FROM 'sent' THEN
    INSERT INTO reliability.audit (kind, row_id, app) VALUES ('email.sent', NEW.id, current_setting('application_name'));
  ELSIF NEW.state = 'sending' AND NEW.attempts > OLD.attempts THEN
    INSERT INTO reliability.audit (kind, row_id, app) VALUES ('email.claimed', NEW.id, current_setting('application_name'));
  END IF;
  RETURN NEW;
END $$;
DROP TRIGGER IF EXISTS reliability_email ON "EmailOutbox";
CREATE TRIGGER reliability_email AFTER UPDATE ON "EmailOutbox" FOR EACH ROW EXECUTE FUNCTION reliability.email_audit();
`;

export class Cluster {
  portals: Proc[] = [];
  workers: Proc[] = [];
  proxy: Proxy | null = null;
  publicUrl = "";
  portalUrls: string[] = [];
  private pg: EmbeddedPostgresHandle | null = null;
  private admin: pg.Pool | null = null;
  private workerCount = 0;

  private constructor(
    readonly options: ClusterOptions,
    readonly dataDir: string,
    readonly pgPort: number,
    readonly databaseUrl: string,
    readonly sim: Awaited<ReturnType<typeof startSimulator>>,
    readonly control: SimulatorControl,
    readonly mailbox: Mailbox,
  ) {}

  static async start(options: ClusterOptions): Promise<Cluster> {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), `reliability-${options.name}-`));
    const pgPort = await freePort();
    // persistent: stopping keeps the data folder, so the Postgres scenario can start it again on the same data.
    const postgres = await startEmbeddedPostgres({
      dataDir: path.join(dataDir, "postgres"),
      port: pgPort,
      persistent: true,
    });
    const databaseUrl = await postgres.createDatabase("portal");
    await applyMigrations(databaseUrl, { log: () => undefined });
    // The simulator's default start is "now" rounded down to the second, so its clock runs up to
    // 1 s behind ours; a webhook stamped just before our last poll started is then (rightly) treated
    // as older than the poll and waits for the next one. Real MyCirrus runs on real time.
    const sim = await startSimulator({ port: 0, startTime: Date.now(), generatedOutages: false });
    const mailbox = await startMailbox({ smtpPort: 0, httpPort: null });
    configureEnv({
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      DATABASE_URL: databaseUrl,
      SIMULATOR_URL: sim.apiUrl,
      SMTP_URL: mailbox.smtpUrl,
      AUTH_SECRET: randomBytes(32).toString("base64url"),
      ENCRYPTION_KEY: randomBytes(32).toString("base64"),
    });
    const cluster = new Cluster(options, dataDir, pgPort, databaseUrl, sim, new SimulatorControl(sim.url), mailbox);
    cluster.pg = postgres;
    await cluster.sql(AUDIT_SQL);

    const ports = await Promise.all(Array.from({ length: options.portals }, () => freePort()));
    cluster.portalUrls = ports.map((p) => `http://127.0.0.1:${p}`);
    if (options.portals > 1) {
      cluster.proxy = await startProxy(cluster.portalUrls);
      cluster.publicUrl = cluster.proxy.url;
    } else {
      cluster.publicUrl = cluster.portalUrls[0] ?? "";
    }
    // Where MyCirrus (the simulator) sends webhooks: the proxy when there are several portals.
    configureEnv({ PUBLIC_URL: cluster.publicUrl });
    cluster.portals = await Promise.all(ports.map((port, i) => cluster.startPortal(i, port)));
    return cluster;
  }

  /** Starts a cluster and its workers, runs `scenario` on it, and stops everything whether it passed or threw. */
  static async run(options: ClusterOptions, scenario: (c: Cluster) => Promise<void>): Promise<void> {
    const c = await Cluster.start(options);
    try {
      await c.startWorkers();
      await scenario(c);
    } finally {
      await c.stop();
    }
  }

  /** DATABASE_URL for one process, named so the audit triggers can tell processes apart. */
  urlFor(app: string): string {
    const url = new URL(this.databaseUrl);
    url.searchParams.set("application_name", app);
    return url.toString();
  }

  async sql<T extends pg.QueryResultRow = pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<T[]> {
    if (!this.admin) {
      this.admin = new pg.Pool({ connectionString: this.urlFor("reliability-harness"), max: 2 });
      // Stopping Postgres (a scenario's fault, or teardown) cuts idle connections; without a
      // listener pg-pool rethrows that and kills the harness. The next query reconnects.
      this.admin.on("error", () => undefined);
    }
    return (await this.admin.query<T>(text, values)).rows;
  }

  private async startPortal(index: number, port: number): Promise<Proc> {
    const name = `portal-${index + 1}`;
    const child = spawn(
      path.resolve("node_modules/.bin/next"),
      ["start", "--port", String(port), "--hostname", "127.0.0.1"],
      {
        env: { ...processEnvironment(), DATABASE_URL: this.urlFor(name) },
        detached: true,
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    const proc = new Proc(name, child, this.options.verbose ?? false);
    await until(
      `${name} healthy`,
      async () => {
        if (!proc.running) throw new Error(`${name} exited:\n${proc.output.slice(-20).join("\n")}`);
        const answer = await fetch(`http://127.0.0.1:${port}/api/health`).catch(() => null);
        return answer?.ok ?? false;
      },
      60_000,
      250,
    );
    return proc;
  }

  /** Starts one more `scripts/worker.ts` process (one OS process: node with tsx's loader, no wrapper). */
  async startWorker(): Promise<Proc> {
    const name = `worker-${++this.workerCount}`;
    const child = spawn(process.execPath, ["--import", "tsx", "scripts/worker.ts"], {
      env: { ...processEnvironment(), DATABASE_URL: this.urlFor(name) },
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    });
    const proc = new Proc(name, child, this.options.verbose ?? false);
    await proc.waitForLine(/\[worker\] started/);
    this.workers.push(proc);
    return proc;
  }

  async startWorkers(): Promise<void> {
    for (let i = 0; i < this.options.workers; i++) await this.startWorker();
  }

  /** Stops Postgres (fast shutdown: every connection is cut). */
  async stopPostgres(): Promise<void> {
    await this.admin?.end().catch(() => undefined);
    this.admin = null;
    await this.pg?.stop();
    this.pg = null;
  }

  /** Starts Postgres again on the same data folder and port. */
  async startPostgres(): Promise<void> {
    this.pg = await startEmbeddedPostgres({
      dataDir: path.join(this.dataDir, "postgres"),
      port: this.pgPort,
      persistent: true,
    });
  }

  /**
   * An organisation on its own simulator account: owner, `subscribers` members
   * with immediate emails for warning and critical alerts, the default rules
   * with offline at 0 minutes (an offline alert at once), the key saved, and a
   * first sync in this process that registers the webhooks (as the e2e server
   * does), with the client's own rate limit off so seeding is quick.
   */
  async seedOrg(options: {
    label: string;
    instruments: number;
    subscribers: number;
    includeResolutions: boolean;
  }): Promise<SeededOrg> {
    const account = await this.control.createAccount(options.instruments, options.label);
    const owner = await signUp({
      name: `${options.label} Owner`,
      email: `owner@${options.label}.test`,
      password: "reliability-pass-1",
    });
    const org = await createOrganization(owner.id, {
      name: options.label,
      slug: options.label.toLowerCase(),
      timezone: "UTC",
    });
    await this.control.setRateLimit(0);
    configureEnv({ MYCIRRUS_RATE_PER_SECOND: "0" }); // this process only: the portals run with their defaults
    await saveApiKey(org.id, owner.id, { apiKey: account.key, baseUrl: this.sim.apiUrl });
    await ensureDefaultRules(org.id, { offlineMinutes: 0 });
    const subscribers = await addSubscribers(org.id, {
      count: options.subscribers,
      idPrefix: `${org.id}-sub-`,
      emailDomain: `${options.label.toLowerCase()}.test`,
      password: "reliability-pass-1",
      includeResolutions: options.includeResolutions,
    });
    // The owner gets no email (their default subscription is disabled here), so every email goes to a counted subscriber.
    await db().alertSubscription.create({
      data: { userId: owner.id, organizationId: org.id, ...defaultSubscription("owner", "UTC"), enabled: false },
    });
    const report = await syncFleet(org.id);
    await afterFleetSync(org.id, report, () => undefined);
    configureEnv({ MYCIRRUS_RATE_PER_SECOND: undefined });
    await this.control.setRateLimit(10, 20);
    const offlineRule = await db().alertRule.findFirstOrThrow({ where: { organizationId: org.id, kind: "offline" } });
    const registrations = await db().webhookRegistration.count({ where: { organizationId: org.id } });
    if (registrations < account.serials.length * 5)
      throw new Error(`${options.label}: only ${registrations} webhooks registered`);
    return {
      id: org.id,
      slug: org.slug,
      apiKey: account.key,
      serials: account.serials,
      subscribers,
      offlineRuleId: offlineRule.id,
    };
  }

  /** Serials of the organisation that are online with no open offline alert (safe to take offline). */
  async onlineSerials(org: SeededOrg): Promise<string[]> {
    const rows = await this.sql<{ serial: string }>(
      `SELECT i.serial FROM "Instrument" i JOIN "InstrumentSnapshot" s ON s."instrumentId" = i.id
       WHERE i."organizationId" = $1 AND s.online = true
         AND NOT EXISTS (SELECT 1 FROM "Alert" a WHERE a."instrumentId" = i.id AND a."ruleId" = $2 AND a.state <> 'resolved')
       ORDER BY i.serial`,
      [org.id, org.offlineRuleId],
    );
    return rows.map((r) => r.serial);
  }

  /** Waits until no outbox row is waiting and no webhook event is unprocessed (or the timeout); returns when that was seen. */
  async settle(timeoutMs = 60_000): Promise<Date> {
    let seenAt = new Date();
    await until(
      "queues to settle",
      async () => {
        seenAt = new Date();
        const [row] = await this.sql<{ pending: string; unprocessed: string }>(
          `SELECT (SELECT count(*) FROM "EmailOutbox" WHERE state IN ('pending','sending')) AS pending,
                (SELECT count(*) FROM "WebhookEvent" WHERE "processedAt" IS NULL) AS unprocessed`,
        );
        return Number(row!.pending) === 0 && Number(row!.unprocessed) === 0;
      },
      timeoutMs,
      250,
    );
    await sleep(500);
    return seenAt;
  }

  async stop(): Promise<void> {
    await Promise.all([...this.workers, ...this.portals].map((p) => p.stop().catch(() => undefined)));
    await this.proxy?.close().catch(() => undefined);
    await stopQueue().catch(() => undefined);
    await db()
      .$disconnect()
      .catch(() => undefined);
    await this.admin?.end().catch(() => undefined);
    this.admin = null;
    await this.sim.close().catch(() => undefined);
    await this.mailbox.stop().catch(() => undefined);
    await this.pg?.stop().catch(() => undefined);
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}
