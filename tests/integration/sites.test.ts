/**
 * Sites against a real Postgres and the real simulator: deployments (one at a
 * time, moves, back-dating), the schedule version in force judging the past,
 * the position correction applied once, and site-limited access (NOT_FOUND
 * outside one's sites, emails only about one's sites).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { energyAverage } from "@/lib/acoustics";
import type { ScheduleRow } from "@/lib/limit-schedule";
import { db } from "@/server/db/client";
import { configureEnv } from "@/server/env";
import { stopQueue } from "@/server/jobs/queue";
import {
  changeAlert,
  ensureDefaultRules,
  checkProjectedBreaches,
  evaluationContext,
  handleNoiseJudgements,
  judgeWindows,
  plannedWindows,
} from "@/server/services/alerts";
import { noiseMeasurements, syncFleet } from "@/server/services/fleet";
import { saveMySubscription } from "@/server/services/notifications";
import {
  createSite,
  deployInstrument,
  deploymentAt,
  recallInstrument,
  saveScheduleVersion,
} from "@/server/services/sites";
import { defaultSubscription } from "@/lib/subscriptions";
import { DEMO_API_KEY } from "@/simulator/fixtures";
import { startSimulator, type RunningSimulator } from "@/simulator/server";
import { callerFor, createCredential, createOrg, createUser, outcome, unique } from "../support/factories";

let simulator: RunningSimulator;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

beforeAll(async () => {
  simulator = await startSimulator({ port: 0, generatedOutages: false });
  configureEnv({ SIMULATOR_URL: simulator.apiUrl, PUBLIC_URL: "http://portal.test" });
});
afterAll(async () => {
  configureEnv({ PUBLIC_URL: undefined });
  await stopQueue();
  await simulator?.close();
});

async function syncedOrg() {
  const owner = await createUser("Olive Owner");
  const org = await createOrg({ owner: [owner] });
  await createCredential(org.id, DEMO_API_KEY, simulator.apiUrl);
  await syncFleet(org.id);
  await ensureDefaultRules(org.id);
  return { org, owner };
}

const site = (organizationId: string, actorId: string, name: string) =>
  createSite(organizationId, actorId, {
    name,
    code: unique("S")
      .slice(0, 10)
      .toUpperCase()
      .replace(/[^A-Z0-9]/g, ""),
  });

const row = (over: Partial<ScheduleRow>): ScheduleRow => ({
  label: "Day",
  days: [0, 1, 2, 3, 4, 5, 6],
  from: "07:00",
  to: "23:00",
  metric: "LAeq",
  averagingMinutes: 60,
  triggerDb: null,
  limitDb: 75,
  ...over,
});
const rule = <T>(r: T) => r;
const dayAndNight = (limitDb: number, triggerDb: number | null = null) => [
  row({ label: "Day", from: "07:00", to: "23:00", limitDb, triggerDb }),
  row({ label: "Night", from: "23:00", to: "07:00", limitDb, triggerDb }),
];

describe("deployments", () => {
  it("a move ends one deployment and starts the next at the same instant; history answers 'where was it then?'", async () => {
    const { org, owner } = await syncedOrg();
    const a = await site(org.id, owner.id, "Harbour Road");
    const b = await site(org.id, owner.id, "Sewerby Quarry");
    const now = new Date();
    const first = await deployInstrument(
      org.id,
      owner.id,
      {
        siteId: a.id,
        serial: "QT800001",
        positionName: "NML1",
        positionType: "facade",
        startAt: new Date(now.getTime() - 10 * DAY),
      },
      now,
    );
    const moveAt = new Date(now.getTime() - 2 * DAY);
    const second = await deployInstrument(
      org.id,
      owner.id,
      { siteId: b.id, serial: "QT800001", positionName: "MP1", positionType: "free_field", startAt: moveAt },
      now,
    );

    const closed = await db().deployment.findUniqueOrThrow({ where: { id: first.id } });
    expect(closed.endAt).toEqual(moveAt);
    expect(second.startAt).toEqual(moveAt);
    expect(second.endAt).toBeNull();
    const instrumentId = first.instrumentId;
    expect((await deploymentAt(org.id, instrumentId, new Date(now.getTime() - 3 * DAY)))?.site.name).toBe(
      "Harbour Road",
    );
    expect((await deploymentAt(org.id, instrumentId, new Date(now.getTime() - DAY)))?.site.name).toBe("Sewerby Quarry");
    expect(await deploymentAt(org.id, instrumentId, new Date(now.getTime() - 11 * DAY))).toBeNull();
    const moved = await db().auditLog.findFirstOrThrow({
      where: { organizationId: org.id, action: "deployment.moved" },
    });
    expect(moved.data).toMatchObject({
      from: { site: "Harbour Road", position: "NML1" },
      to: { site: "Sewerby Quarry" },
    });
  });

  it("refuses a back-dated deployment over existing history, naming the clash, and changes nothing", async () => {
    const { org, owner } = await syncedOrg();
    const a = await site(org.id, owner.id, "Harbour Road");
    const c = await site(org.id, owner.id, "Town Centre");
    const now = new Date();
    await deployInstrument(
      org.id,
      owner.id,
      {
        siteId: a.id,
        serial: "QT800002",
        positionName: "NML2",
        positionType: "facade",
        startAt: new Date(now.getTime() - 10 * DAY),
        endAt: new Date(now.getTime() - 5 * DAY),
      },
      now,
    );
    const open = await deployInstrument(
      org.id,
      owner.id,
      {
        siteId: c.id,
        serial: "QT800002",
        positionName: "TC1",
        positionType: "free_field",
        startAt: new Date(now.getTime() - 3 * DAY),
      },
      now,
    );

    const clash = deployInstrument(
      org.id,
      owner.id,
      {
        siteId: c.id,
        serial: "QT800002",
        positionName: "TC9",
        positionType: "facade",
        startAt: new Date(now.getTime() - 7 * DAY),
      },
      now,
    );
    await expect(clash).rejects.toMatchObject({ code: "CONFLICT", field: "startAt" });
    await expect(clash).rejects.toThrow(
      /QT800002 was at Harbour Road \(NML2\) from .* until .*; a deployment from .* would overlap it/,
    );
    const rows = await db().deployment.findMany({ where: { organizationId: org.id }, orderBy: { startAt: "asc" } });
    expect(rows.map((r) => [r.positionName, r.endAt === null])).toEqual([
      ["NML2", false],
      ["TC1", true],
    ]);
    expect(rows[1]!.id).toBe(open.id);

    // Recall closes it; a second recall has nothing to close.
    await recallInstrument(org.id, owner.id, "QT800002", undefined, now);
    await expect(recallInstrument(org.id, owner.id, "QT800002", undefined, now)).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });

  it("a back-dated deployment or schedule moves the noise cursor back, at most a day", async () => {
    const { org, owner } = await syncedOrg();
    const a = await site(org.id, owner.id, "Harbour Road");
    const instrument = await db().instrument.findFirstOrThrow({
      where: { organizationId: org.id, serial: "QT800005" },
    });
    const now = new Date();
    const cursor = (at: Date) =>
      db().instrumentCursor.upsert({
        where: { instrumentId_name: { instrumentId: instrument.id, name: "exceedance" } },
        create: { instrumentId: instrument.id, name: "exceedance", organizationId: org.id, at },
        update: { at },
      });
    const cursorAt = async () =>
      (
        await db().instrumentCursor.findUniqueOrThrow({
          where: { instrumentId_name: { instrumentId: instrument.id, name: "exceedance" } },
        })
      ).at;
    await cursor(now);
    const startAt = new Date(now.getTime() - 2 * HOUR);
    await deployInstrument(
      org.id,
      owner.id,
      { siteId: a.id, serial: "QT800005", positionName: "P", positionType: "facade", startAt },
      now,
    );
    expect(await cursorAt()).toEqual(startAt);

    await cursor(now);
    await saveScheduleVersion(org.id, owner.id, {
      siteId: a.id,
      effectiveFrom: new Date(now.getTime() - 3 * DAY),
      rows: dayAndNight(70),
    });
    const rewound = (await cursorAt()).getTime();
    expect(rewound).toBeGreaterThanOrEqual(now.getTime() - 25 * HOUR);
    expect(rewound).toBeLessThan(now.getTime() - 24 * HOUR);
  });

  it("the database refuses an overlap even when the code's checks are bypassed", async () => {
    const { org, owner } = await syncedOrg();
    const a = await site(org.id, owner.id, "Harbour Road");
    const instrument = await db().instrument.findFirstOrThrow({
      where: { organizationId: org.id, serial: "QT800003" },
    });
    const raw = (startAt: Date) =>
      db().deployment.create({
        data: {
          organizationId: org.id,
          siteId: a.id,
          instrumentId: instrument.id,
          positionName: "P",
          positionType: "facade",
          startAt,
        },
      });
    await raw(new Date(Date.now() - DAY));
    await expect(raw(new Date(Date.now() - HOUR))).rejects.toThrow(/Deployment_one_at_a_time/);
  });
});

describe("noise limits by site", () => {
  it("judges each window by the schedule version in force at its start, with the position's correction applied once", async () => {
    const { org, owner } = await syncedOrg();
    const a = await site(org.id, owner.id, "Harbour Road");
    const now = new Date(Math.floor(Date.now() / HOUR) * HOUR + 5 * 60_000);
    await deployInstrument(
      org.id,
      owner.id,
      {
        siteId: a.id,
        serial: "QT800001",
        positionName: "NML1 – façade of 12 High St",
        positionType: "facade",
        correctionDb: -3,
        startAt: new Date(now.getTime() - 2 * DAY),
      },
      now,
    );
    // Version 1: limits nothing reaches. Version 2, from 6 hours ago: limits everything exceeds.
    await saveScheduleVersion(org.id, owner.id, {
      siteId: a.id,
      effectiveFrom: new Date(now.getTime() - 2 * DAY),
      rows: dayAndNight(140),
    });
    const v2From = new Date(now.getTime() - 6 * HOUR - 5 * 60_000);
    await saveScheduleVersion(org.id, owner.id, { siteId: a.id, effectiveFrom: v2From, rows: dayAndNight(25, 20) });

    const ctx = await evaluationContext(org.id);
    const instrument = await db().instrument.findFirstOrThrow({
      where: { organizationId: org.id, serial: "QT800001" },
    });
    const from = new Date(now.getTime() - 12 * HOUR);
    const windows = await plannedWindows(ctx, instrument.id, from, now);
    expect(windows).toHaveLength(12);
    const start = new Date(Math.min(...windows.map((w) => w.start.getTime())));
    const measurements = await noiseMeasurements(org.id, "QT800001", { start, end: now }, { values: ["LAeq"] });
    const judged = judgeWindows(windows, measurements);

    // Windows that began before version 2 pass under version 1; the 6 after exceed under version 2.
    expect(judged.map((j) => j.start.getTime() >= v2From.getTime())).toEqual(judged.map(() => true));
    expect(judged).toHaveLength(6);
    expect(judged.every((j) => j.version === 2 && j.verdict === "exceed")).toBe(true);
    // An independent recomputation from the raw data: energy average of the window's LAeq, minus 3 dB, once.
    const w = judged[0]!;
    const raw = measurements
      .filter((m) => m.start >= w.start && m.start < w.end && typeof m.values.LAeq === "number")
      .map((m) => ({ level: m.values.LAeq as number, seconds: m.durationSeconds ?? 60 }));
    expect(w.value).toBeCloseTo(energyAverage(raw)! - 3, 9);

    await db().$transaction((tx) => handleNoiseJudgements(tx, ctx, instrument, judged, "poll"));
    const alerts = await db().alert.findMany({ where: { organizationId: org.id }, include: { activity: true } });
    expect(alerts).toHaveLength(1); // one open alert per rule and instrument, retriggered by each window
    expect(alerts[0]).toMatchObject({
      siteId: a.id,
      positionName: "NML1 – façade of 12 High St",
      severity: "critical",
    });
    expect(alerts[0]!.title).toBe(
      "Harbour Road (QT800001) at Harbour Road · NML1 – façade of 12 High St: LAeq,1h above the limit",
    );
    expect(alerts[0]!.activity.filter((x) => x.kind === "retriggered")).toHaveLength(5);
  });

  it("a window above the trigger opens a warning; one above the limit later escalates it to critical", async () => {
    const { org, owner } = await syncedOrg();
    const a = await site(org.id, owner.id, "Harbour Road");
    const now = new Date(Math.floor(Date.now() / HOUR) * HOUR + 5 * 60_000);
    await deployInstrument(
      org.id,
      owner.id,
      {
        siteId: a.id,
        serial: "QT800001",
        positionName: "NML1",
        positionType: "free_field",
        startAt: new Date(now.getTime() - DAY),
      },
      now,
    );
    await saveScheduleVersion(org.id, owner.id, {
      siteId: a.id,
      effectiveFrom: new Date(now.getTime() - DAY),
      rows: dayAndNight(139, 21),
    });
    const ctx = await evaluationContext(org.id);
    const instrument = await db().instrument.findFirstOrThrow({
      where: { organizationId: org.id, serial: "QT800001" },
    });
    const windowsOf = (from: number, to: number) => plannedWindows(ctx, instrument.id, new Date(from), new Date(to));
    const judge = async (from: number, to: number) => {
      const windows = await windowsOf(from, to);
      const m = await noiseMeasurements(
        org.id,
        "QT800001",
        { start: windows[0]!.start, end: new Date(to) },
        { values: ["LAeq"] },
      );
      return judgeWindows(windows, m);
    };
    const amber = await judge(now.getTime() - 3 * HOUR, now.getTime() - 2 * HOUR);
    expect(amber.map((j) => j.verdict)).toEqual(["trigger"]);
    await db().$transaction((tx) => handleNoiseJudgements(tx, ctx, instrument, amber, "poll"));
    expect(await db().alert.findFirstOrThrow({ where: { organizationId: org.id } })).toMatchObject({
      severity: "warning",
    });

    await saveScheduleVersion(org.id, owner.id, {
      siteId: a.id,
      effectiveFrom: new Date(now.getTime() - 2 * HOUR - 5 * 60_000),
      rows: dayAndNight(22, 21),
    });
    const ctx2 = await evaluationContext(org.id);
    const windows = await plannedWindows(
      ctx2,
      instrument.id,
      new Date(now.getTime() - 2 * HOUR),
      new Date(now.getTime() - HOUR),
    );
    const m = await noiseMeasurements(org.id, "QT800001", { start: windows[0]!.start, end: now }, { values: ["LAeq"] });
    const red = judgeWindows(windows, m);
    expect(red.map((j) => j.verdict)).toEqual(["exceed"]);
    await db().$transaction((tx) => handleNoiseJudgements(tx, ctx2, instrument, red, "poll"));
    const alert = await db().alert.findFirstOrThrow({ where: { organizationId: org.id }, include: { activity: true } });
    expect(alert.severity).toBe("critical");
    expect(alert.activity.map((x) => x.kind).sort()).toEqual(["escalated", "opened"]);
  });
});

describe("projected breach", () => {
  it("warns while the period is in progress when the rest would have to stay below the last hour's level", async () => {
    const { org, owner } = await syncedOrg();
    const a = await createSite(org.id, owner.id, { name: "Quarry", code: "QRY", timezone: "UTC" });
    const now = new Date();
    const start = new Date(Math.floor(now.getTime() / HOUR) * HOUR - 2 * HOUR);
    const hhmm = (d: Date) => d.toISOString().slice(11, 16);
    await deployInstrument(
      org.id,
      owner.id,
      {
        siteId: a.id,
        serial: "QT800012",
        positionName: "MP3",
        positionType: "free_field",
        startAt: new Date(start.getTime() - HOUR),
      },
      now,
    );
    // One 6-hour period, judged as a whole: limit 70 dB.
    await saveScheduleVersion(org.id, owner.id, {
      siteId: a.id,
      effectiveFrom: new Date(start.getTime() - HOUR),
      rows: [
        row({
          label: "Shift",
          from: hhmm(start),
          to: hhmm(new Date(start.getTime() + 6 * HOUR)),
          averagingMinutes: null,
          limitDb: 70,
        }),
      ],
    });
    // Quiet (40 dB) until an hour ago, then 72 dB: so far about 68-69 dB, within the limit, but the rest may
    // average only 70.5-71.x dB (the later in the hour, the more), below the last hour's 72.

    await simulator.control.shiftLevel("QT800012", {
      level: 40,
      from: start.toISOString(),
      to: new Date(now.getTime() - HOUR).toISOString(),
    });
    await simulator.control.shiftLevel("QT800012", { level: 72, from: new Date(now.getTime() - HOUR).toISOString() });
    const noise = rule(
      await db().alertRule.findFirstOrThrow({ where: { organizationId: org.id, kind: "noise_exceedance" } }),
    );
    const ctxOff = await evaluationContext(org.id);
    const instrument = await db().instrument.findFirstOrThrow({
      where: { organizationId: org.id, serial: "QT800012" },
    });
    expect(await checkProjectedBreaches(ctxOff, [instrument], now)).toBe(0); // off by default

    await db().alertRule.update({
      where: { id: noise.id },
      data: { params: { events: false, projectedBreach: true } },
    });
    const ctx = await evaluationContext(org.id);
    expect(await checkProjectedBreaches(ctx, [instrument], now)).toBe(1);
    // Looked at every 10 minutes, and once per window however often.
    expect(await checkProjectedBreaches(ctx, [instrument], new Date(now.getTime() + 60_000))).toBe(0);
    expect(await checkProjectedBreaches(ctx, [instrument], new Date(now.getTime() + 11 * 60_000))).toBe(0);
    const alert = await db().alert.findFirstOrThrow({ where: { organizationId: org.id } });
    expect(alert).toMatchObject({ severity: "warning", siteId: a.id, positionName: "MP3" });
    expect(alert.title).toBe(
      "Bessingby Industrial (QT800012) at Quarry · MP3: LAeq,T on course to exceed the shift limit",
    );
    expect(alert.detail).toMatch(
      /^\d+\.\d dB so far · limit 70 dB · the rest until .* may average at most 7[01]\.\d dB, but the last hour averaged 72\.\d dB$/,
    );
    await simulator.control.shiftLevel("QT800012", { clear: true });
  });
});

describe("site-limited access", () => {
  async function twoSites() {
    const { org, owner } = await syncedOrg();
    const member = await createUser("Sam Sitemanager");
    const a = await site(org.id, owner.id, "Harbour Road");
    const b = await site(org.id, owner.id, "Sewerby Quarry");
    await db().membership.create({
      data: {
        organizationId: org.id,
        userId: member.id,
        role: "member",
        siteLimited: true,
        sites: { create: [{ siteId: a.id, organizationId: org.id }] },
      },
    });
    const now = new Date();
    await deployInstrument(
      org.id,
      owner.id,
      { siteId: a.id, serial: "QT800001", positionName: "NML1", positionType: "facade" },
      now,
    );
    await deployInstrument(
      org.id,
      owner.id,
      { siteId: b.id, serial: "QT800002", positionName: "MP1", positionType: "free_field" },
      now,
    );
    const rule = await db().alertRule.findFirstOrThrow({ where: { organizationId: org.id, kind: "sic_failed" } });
    const alertAt = async (serial: string) => {
      const instrument = await db().instrument.findFirstOrThrow({ where: { organizationId: org.id, serial } });
      const r = await changeAlert(org.id, {
        op: "trigger",
        mode: "event",
        ruleId: rule.id,
        instrumentId: instrument.id,
        severity: "critical",
        title: `${serial}: system integrity check failed`,
        source: "poll",
        at: new Date(),
      });
      return r!.alertId;
    };
    return { org, owner, member, a, b, alertAt };
  }

  it("gets NOT_FOUND for another site's instrument, alert, audio and CSV data, and sees only their site's", async () => {
    const { org, member, a, b, alertAt } = await twoSites();
    const api = callerFor(member);
    const slug = org.slug;
    const range = { start: new Date(Date.now() - HOUR), end: new Date() };
    const theirs = await alertAt("QT800002");
    const mine = await alertAt("QT800001");

    expect(await outcome(() => api.fleet.instrument({ orgSlug: slug, serial: "QT800002" }))).toBe("NOT_FOUND");
    expect(await outcome(() => api.instruments.get({ orgSlug: slug, serial: "QT800002" }))).toBe("NOT_FOUND");
    expect(await outcome(() => api.instruments.noise({ orgSlug: slug, serial: "QT800002", range }))).toBe("NOT_FOUND");
    expect(await outcome(() => api.instruments.audio({ orgSlug: slug, serial: "QT800002", range }))).toBe("NOT_FOUND");
    expect(
      await outcome(() => api.instruments.calibrations({ orgSlug: slug, serials: ["QT800001", "QT800002"], range })),
    ).toBe("NOT_FOUND");
    expect(await outcome(() => api.alerts.get({ orgSlug: slug, alertId: theirs }))).toBe("NOT_FOUND");
    expect(await outcome(() => api.alerts.acknowledge({ orgSlug: slug, alertIds: [theirs] }))).toBe("NOT_FOUND");
    expect(await outcome(() => api.alerts.resolve({ orgSlug: slug, alertId: theirs }))).toBe("NOT_FOUND");
    expect(await outcome(() => api.sites.get({ orgSlug: slug, siteId: b.id }))).toBe("NOT_FOUND");

    expect(await outcome(() => api.instruments.noise({ orgSlug: slug, serial: "QT800001", range }))).toBe("ok");
    expect(await outcome(() => api.alerts.get({ orgSlug: slug, alertId: mine }))).toBe("ok");
    expect((await api.fleet.board({ orgSlug: slug })).rows.map((r) => r.serial)).toEqual(["QT800001"]);
    expect((await api.instruments.list({ orgSlug: slug })).map((i) => i.serialNumber)).toEqual(["QT800001"]);
    expect((await api.alerts.list({ orgSlug: slug })).items.map((i) => i.id)).toEqual([mine]);
    expect((await api.alerts.list({ orgSlug: slug, siteId: b.id })).items).toEqual([]);
    expect((await api.alerts.counts({ orgSlug: slug })).open).toBe(1);
    expect((await api.sites.list({ orgSlug: slug })).map((s) => s.id)).toEqual([a.id]);
    // The owner, organisation-wide, sees both.
  });

  it("an alert stays with the site it happened at: after a move, a new occurrence opens a new alert at the new site", async () => {
    const { org, owner, a, b, alertAt } = await twoSites();
    const atA = await alertAt("QT800001");
    await deployInstrument(org.id, owner.id, {
      siteId: b.id,
      serial: "QT800001",
      positionName: "MP9",
      positionType: "facade",
    });
    const atB = await alertAt("QT800001");
    expect(atB).not.toBe(atA);
    const [old, fresh] = await Promise.all(
      [atA, atB].map((id) => db().alert.findUniqueOrThrow({ where: { id }, include: { activity: true } })),
    );
    expect(old).toMatchObject({ siteId: a.id, positionName: "NML1", state: "resolved", resolution: "auto" });
    expect(old!.activity.find((x) => x.kind === "resolved")?.text).toBe("The instrument moved to Sewerby Quarry");
    expect(fresh).toMatchObject({ siteId: b.id, positionName: "MP9", state: "open" });
  });

  it("gets alert emails only about their own sites", async () => {
    const { org, member, alertAt } = await twoSites();
    await saveMySubscription(org.id, member.id, {
      ...defaultSubscription("member", "Europe/London"),
      mode: "immediate",
    });
    const mine = await alertAt("QT800001");
    const theirs = await alertAt("QT800002");
    const emails = await db().emailOutbox.findMany({ where: { organizationId: org.id, userId: member.id } });
    expect(emails.map((e) => e.relatedId)).toEqual([mine]);
    expect(emails[0]!.html).toContain("Harbour Road · NML1");
    // The owner (organisation-wide, critical immediately by default) hears of both.
    const owners = await db().emailOutbox.findMany({ where: { organizationId: org.id, userId: { not: member.id } } });
    expect(owners.map((e) => e.relatedId).sort()).toEqual([mine, theirs].sort());
  });
});
