/**
 * The offline migration runner (scripts/lib/migrate.ts) against a real Postgres.
 * Each test gets an empty database of its own on the run's server.
 */
import { createHash } from "node:crypto";
import {
  appendFileSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, inject, it } from "vitest";
import { applyMigrations } from "@/scripts/lib/migrate";
import { createDatabase, dropDatabase, uniqueDatabaseName } from "@/tests/support/databases";

const adminUrl = inject("databaseAdminUrl");
const MIGRATIONS_DIR = path.resolve("prisma", "migrations");
const migrationNames = readdirSync(MIGRATIONS_DIR, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

const created: string[] = [];
const tempDirs: string[] = [];
afterAll(async () => {
  await Promise.all(created.map((name) => dropDatabase(adminUrl, name)));
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

async function emptyDatabase(): Promise<string> {
  const name = uniqueDatabaseName("migrations");
  created.push(name);
  return createDatabase(adminUrl, name);
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

/** A copy of the real migrations (plus `extra` folders) that a test may tamper with. */
function migrationsCopy(extra: Record<string, string> = {}): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "portal-migrations-"));
  tempDirs.push(dir);
  cpSync(MIGRATIONS_DIR, dir, { recursive: true });
  for (const [name, sql] of Object.entries(extra)) {
    mkdirSync(path.join(dir, name));
    writeFileSync(path.join(dir, name, "migration.sql"), sql);
  }
  return dir;
}

interface Row {
  id: string;
  checksum: string;
  migration_name: string;
  started_at: Date;
  finished_at: Date | null;
  rolled_back_at: Date | null;
  logs: string | null;
  applied_steps_count: number;
}

const rowsOf = (url: string) => query<Row>(url, `SELECT * FROM "_prisma_migrations" ORDER BY migration_name`);

describe("applyMigrations", () => {
  it("has migrations to test", () => {
    expect(migrationNames.length).toBeGreaterThan(0);
  });

  it("applies every migration and records it exactly as Prisma Migrate does", async () => {
    const url = await emptyDatabase();

    const { applied } = await applyMigrations(url);

    expect(applied).toEqual(migrationNames);
    const rows = await rowsOf(url);
    expect(rows.map((row) => row.migration_name)).toEqual(migrationNames);
    for (const row of rows) {
      const file = readFileSync(path.join(MIGRATIONS_DIR, row.migration_name, "migration.sql"));
      expect(row.checksum).toBe(createHash("sha256").update(file).digest("hex"));
      expect(row.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.finished_at!.getTime()).toBeGreaterThanOrEqual(row.started_at.getTime());
      expect(row).toMatchObject({ rolled_back_at: null, logs: null, applied_steps_count: 1 });
    }
    // The schema itself is there, not just the bookkeeping.
    const tables = await query<{ table_name: string }>(
      url,
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'`,
    );
    expect(tables.map((t) => t.table_name)).toEqual(expect.arrayContaining(["User", "Organization", "Membership"]));
  });

  it("is idempotent: a second run applies nothing and records nothing", async () => {
    const url = await emptyDatabase();
    await applyMigrations(url);
    const before = await rowsOf(url);

    const second = await applyMigrations(url);

    expect(second.applied).toEqual([]);
    expect(await rowsOf(url)).toEqual(before);
  });

  it("applies each migration once when two processes start at the same time", async () => {
    const url = await emptyDatabase();
    // A slow first migration keeps both runs inside the critical section at
    // once if the advisory lock did not serialise them.
    const dir = migrationsCopy({ "00000000000000_slow": "SELECT pg_sleep(0.5);\n" });

    const [first, second] = await Promise.all([
      applyMigrations(url, { migrationsDir: dir }),
      applyMigrations(url, { migrationsDir: dir }),
    ]);

    const all = ["00000000000000_slow", ...migrationNames];
    expect([...first.applied, ...second.applied].sort()).toEqual(all);
    expect((await rowsOf(url)).map((row) => row.migration_name)).toEqual(all);
  });

  it("refuses to run when an applied migration's file was changed", async () => {
    const url = await emptyDatabase();
    const dir = migrationsCopy();
    await applyMigrations(url, { migrationsDir: dir });
    const first = migrationNames[0]!;
    appendFileSync(path.join(dir, first, "migration.sql"), "\n-- edited after being applied\n");

    await expect(applyMigrations(url, { migrationsDir: dir })).rejects.toThrow(
      new RegExp(`Migration ${first} was modified after it was applied`),
    );
  });

  it("refuses to run while a migration is recorded as failed", async () => {
    const url = await emptyDatabase();
    await applyMigrations(url);
    await query(
      url,
      `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, logs, applied_steps_count)
       VALUES (gen_random_uuid(), $1, '99990101000000_broken', 'syntax error', 0)`,
      ["0".repeat(64)],
    );

    await expect(applyMigrations(url)).rejects.toThrow(/recorded as failed[\s\S]*99990101000000_broken: syntax error/);
  });

  it("rolls a failing migration back completely, leaving no table and no row", async () => {
    const url = await emptyDatabase();
    const dir = migrationsCopy({
      "99990101000000_fails_halfway": 'CREATE TABLE "HalfDone" (id integer);\nSELECT 1 / 0;\n',
    });

    await expect(applyMigrations(url, { migrationsDir: dir })).rejects.toThrow(
      /Migration 99990101000000_fails_halfway failed and was rolled back: division by zero/,
    );

    expect((await rowsOf(url)).map((row) => row.migration_name)).toEqual(migrationNames);
    const halfDone = await query(url, `SELECT to_regclass('"HalfDone"') AS t`);
    expect(halfDone).toEqual([{ t: null }]);
  });
});

describe("20261201231254_alert_domain_enums", () => {
  const ENUMS = "20261201231254_alert_domain_enums";

  /** The migrations before the enum one, applied; then rows as the portal wrote them (text columns). */
  async function databaseBeforeEnums(): Promise<{ url: string; dir: string }> {
    const url = await emptyDatabase();
    const dir = migrationsCopy();
    const held = path.join(os.tmpdir(), `held-${process.pid}-${Date.now()}`);
    tempDirs.push(held);
    cpSync(path.join(dir, ENUMS), held, { recursive: true });
    rmSync(path.join(dir, ENUMS), { recursive: true });
    await applyMigrations(url, { migrationsDir: dir });
    cpSync(held, path.join(dir, ENUMS), { recursive: true });
    await query(
      url,
      `INSERT INTO "Organization" (id, name, slug, "updatedAt") VALUES ('o1', 'Org', 'org', now());
       INSERT INTO "Instrument" (id, "organizationId", serial, type, name, features, "updatedAt")
         VALUES ('i1', 'o1', 'QT1', 'noise', 'One', '{}', now());`,
    );
    const kinds = [
      "offline",
      "measuring_stopped",
      "calibration",
      "sic_failed",
      "noise_exceedance",
      "low_voltage",
      "disk_full",
    ];
    for (const [n, kind] of kinds.entries()) {
      await query(
        url,
        `INSERT INTO "AlertRule" (id, "organizationId", kind, name, severity, params, "updatedAt")
         VALUES ($1, 'o1', $2, $2, $3, '{}', now())`,
        [`r${n}`, kind, n % 2 ? "critical" : "warning"],
      );
    }
    const alerts = [
      ["a1", "open", "warning", "webhook"],
      ["a2", "acknowledged", "critical", "poll"],
      ["a3", "resolved", "warning", "manual"],
    ];
    for (const [id, state, severity, source] of alerts) {
      await query(
        url,
        `INSERT INTO "Alert" (id, "organizationId", "instrumentId", "ruleId", state, severity, title, source)
         VALUES ($1, 'o1', 'i1', 'r0', $2, $3, 'T', $4)`,
        [id, state, severity, source],
      );
    }
    return { url, dir };
  }

  it("keeps every alert and rule with its value, now typed by the enums", async () => {
    const { url, dir } = await databaseBeforeEnums();

    expect((await applyMigrations(url, { migrationsDir: dir })).applied).toEqual([ENUMS]);

    expect(await query(url, `SELECT id, state::text, severity::text, source::text FROM "Alert" ORDER BY id`)).toEqual([
      { id: "a1", state: "open", severity: "warning", source: "webhook" },
      { id: "a2", state: "acknowledged", severity: "critical", source: "poll" },
      { id: "a3", state: "resolved", severity: "warning", source: "manual" },
    ]);
    const rules = await query<{ kind: string; severity: string }>(
      url,
      `SELECT kind::text, severity::text FROM "AlertRule" ORDER BY id`,
    );
    expect(rules).toHaveLength(7);
    expect(rules[4]).toEqual({ kind: "noise_exceedance", severity: "warning" });
    const types = await query<{ column_name: string; udt_name: string }>(
      url,
      `SELECT column_name, udt_name FROM information_schema.columns
        WHERE table_name = 'Alert' AND column_name IN ('state', 'severity', 'source') ORDER BY column_name`,
    );
    expect(types).toEqual([
      { column_name: "severity", udt_name: "Severity" },
      { column_name: "source", udt_name: "AlertSource" },
      { column_name: "state", udt_name: "AlertState" },
    ]);
  });

  it("stops, and changes nothing, when a row holds a value outside the enum", async () => {
    const { url, dir } = await databaseBeforeEnums();
    await query(url, `UPDATE "Alert" SET state = 'snoozed' WHERE id = 'a1'`);

    await expect(applyMigrations(url, { migrationsDir: dir })).rejects.toThrow(
      /invalid input value for enum "AlertState"/,
    );

    expect(await query(url, `SELECT state FROM "Alert" WHERE id = 'a1'`)).toEqual([{ state: "snoozed" }]);
  });
});

describe("20261202013948_sites", () => {
  const SITES = "20261202013948_sites";

  /** The migrations before sites, applied, with two organisations' noise rules as JSON, as the portal stored them. */
  async function databaseBeforeSites(): Promise<{ url: string; dir: string }> {
    const url = await emptyDatabase();
    const dir = migrationsCopy();
    const held = path.join(os.tmpdir(), `held-sites-${process.pid}-${Date.now()}`);
    tempDirs.push(held);
    cpSync(path.join(dir, SITES), held, { recursive: true });
    rmSync(path.join(dir, SITES), { recursive: true });
    await applyMigrations(url, { migrationsDir: dir });
    cpSync(held, path.join(dir, SITES), { recursive: true });
    await query(
      url,
      `INSERT INTO "Organization" (id, name, slug, "updatedAt") VALUES ('o1', 'One', 'one', now()), ('o2', 'Two', 'two', now());`,
    );
    const hourly = {
      periodMinutes: 60,
      events: true,
      limits: [
        { label: "Weekday day", days: [1, 2, 3, 4, 5], from: "07:30", to: "19:00", level: 65 },
        { label: "Night", days: [0, 1, 2, 3, 4, 5, 6], from: "23:00", to: "07:30", level: 45.5 },
      ],
    };
    const tenMinutes = {
      periodMinutes: 10,
      events: false,
      limits: [{ label: "All day", days: [6], from: "00:00", to: "00:00", level: 70 }],
    };
    await query(
      url,
      `INSERT INTO "AlertRule" (id, "organizationId", kind, name, severity, params, "updatedAt") VALUES
         ('n1', 'o1', 'noise_exceedance', 'Noise', 'warning', $1, now()),
         ('c1', 'o1', 'calibration', 'Calibration', 'warning', '{"maxOffsetDb":0.3}', now()),
         ('n2', 'o2', 'noise_exceedance', 'Noise', 'warning', $2, now())`,
      [JSON.stringify(hourly), JSON.stringify(tenMinutes)],
    );
    return { url, dir };
  }

  it("turns each organisation's JSON noise limits into version 1 of its default schedule, row for row", async () => {
    const { url, dir } = await databaseBeforeSites();

    expect((await applyMigrations(url, { migrationsDir: dir })).applied).toEqual([SITES]);

    const schedules = await query(
      url,
      `SELECT "organizationId", "siteId", "scopeKey", version, "effectiveFrom" FROM "LimitSchedule" ORDER BY "organizationId"`,
    );
    expect(schedules).toEqual([
      { organizationId: "o1", siteId: null, scopeKey: "org", version: 1, effectiveFrom: new Date(0) },
      { organizationId: "o2", siteId: null, scopeKey: "org", version: 1, effectiveFrom: new Date(0) },
    ]);
    const rows = await query(
      url,
      `SELECT s."organizationId", r.position, r.label, r.days, r."fromTime", r."toTime", r.metric::text AS metric,
              r."averagingMinutes", r."triggerDb", r."limitDb"
         FROM "LimitRow" r JOIN "LimitSchedule" s ON s.id = r."scheduleId" ORDER BY s."organizationId", r.position`,
    );
    expect(rows).toEqual([
      {
        organizationId: "o1",
        position: 0,
        label: "Weekday day",
        days: [1, 2, 3, 4, 5],
        fromTime: "07:30",
        toTime: "19:00",
        metric: "LAeq",
        averagingMinutes: 60,
        triggerDb: null,
        limitDb: 65,
      },
      {
        organizationId: "o1",
        position: 1,
        label: "Night",
        days: [0, 1, 2, 3, 4, 5, 6],
        fromTime: "23:00",
        toTime: "07:30",
        metric: "LAeq",
        averagingMinutes: 60,
        triggerDb: null,
        limitDb: 45.5,
      },
      // A 10-minute period is not one of T's choices: the row averages over its whole period.
      {
        organizationId: "o2",
        position: 0,
        label: "All day",
        days: [6],
        fromTime: "00:00",
        toTime: "00:00",
        metric: "LAeq",
        averagingMinutes: null,
        triggerDb: null,
        limitDb: 70,
      },
    ]);
    // The rule keeps what is not a limit; other rules are untouched.
    const params = await query(url, `SELECT id, params FROM "AlertRule" ORDER BY id`);
    expect(params).toEqual([
      { id: "c1", params: { maxOffsetDb: 0.3 } },
      { id: "n1", params: { events: true, projectedBreach: false } },
      { id: "n2", params: { events: false, projectedBreach: false } },
    ]);
  });

  it("refuses, in the database, two deployments of one instrument that overlap in time", async () => {
    const url = await emptyDatabase();
    await applyMigrations(url);
    await query(
      url,
      `INSERT INTO "Organization" (id, name, slug, "updatedAt") VALUES ('o1', 'One', 'one', now());
       INSERT INTO "Instrument" (id, "organizationId", serial, type, name, features, "updatedAt") VALUES ('i1', 'o1', 'QT1', 'Noise', 'One', '{}', now());
       INSERT INTO "Site" (id, "organizationId", name, code, "updatedAt") VALUES ('s1', 'o1', 'A', 'AA', now()), ('s2', 'o1', 'B', 'BB', now());
       INSERT INTO "Deployment" (id, "organizationId", "siteId", "instrumentId", "positionName", "positionType", "startAt", "endAt")
         VALUES ('d1', 'o1', 's1', 'i1', 'P1', 'facade', '2026-03-01T00:00Z', '2026-03-10T00:00Z');`,
    );
    const insert = (id: string, start: string, end: string | null) =>
      query(
        url,
        `INSERT INTO "Deployment" (id, "organizationId", "siteId", "instrumentId", "positionName", "positionType", "startAt", "endAt")
         VALUES ($1, 'o1', 's2', 'i1', 'P2', 'free_field', $2, $3)`,
        [id, start, end],
      );

    await expect(insert("d2", "2026-03-09T00:00Z", null)).rejects.toThrow(/Deployment_one_at_a_time/);
    await expect(insert("d3", "2026-02-01T00:00Z", "2026-03-01T00:00:00.001Z")).rejects.toThrow(
      /Deployment_one_at_a_time/,
    );
    await expect(insert("d4", "2026-03-05T00:00Z", "2026-03-04T00:00Z")).rejects.toThrow(/Deployment_ends_after_start/);
    // Touching ends are fine: the move at 10 March ends one and starts the next at the same instant.
    await insert("d5", "2026-03-10T00:00Z", null);
    await insert("d6", "2026-02-01T00:00Z", "2026-03-01T00:00Z");
    expect(await query(url, `SELECT id FROM "Deployment" ORDER BY id`)).toEqual([
      { id: "d1" },
      { id: "d5" },
      { id: "d6" },
    ]);
  });
});
