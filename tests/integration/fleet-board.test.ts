/**
 * The fleet board service over real snapshots: filters, search, sort, counts,
 * tenant isolation, no MyCirrus call per view; the poller within the rate
 * limit and past a failing instrument; the rate-limited "refresh now".
 */
import { ALERT_STATES } from "@/lib/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { configureEnv } from "@/server/env";
import { stopQueue } from "@/server/jobs/queue";
import { fleetBoard, fleetInstrument, MIN_REFRESH_INTERVAL_MS, requestFleetRefresh } from "@/server/services/fleet";
import { syncFleet } from "@/server/services/fleet";
import { noiseChart } from "@/server/services/fleet";
import { saveApiKey, withMyCirrus } from "@/server/services/mycirrus";
import { DEMO_API_KEY } from "@/simulator/fixtures";
import { startSimulator, type RunningSimulator } from "@/simulator/server";
import { callerFor, createOrg, createUser, outcome } from "../support/factories";
import { startRecordingProxy, type ProxiedCall, type RecordingProxy } from "../support/recording-proxy";

let simulator: RunningSimulator;
/** Every upstream request the portal made: when, what, and the answer's status. */
let proxy: RecordingProxy;
/** Each request the portal made to MyCirrus, through the recording proxy. */
let calls: ProxiedCall[];
/** Paths the proxy answers 500, as if MyCirrus failed for that instrument. */
let failing: Set<string>;

const RATE = 4;
const BURST = 4;

beforeAll(async () => {
  // MyCirrus allows 6/s (burst 6) here; the portal's own budget is 4/s, burst 4.
  simulator = await startSimulator({ port: 0, generatedOutages: false, ratePerSecond: 6, burst: 6 });
  proxy = await startRecordingProxy(new URL(simulator.apiUrl).origin);
  ({ calls, failing } = proxy);
  configureEnv({
    SIMULATOR_URL: proxy.urlFor(simulator.apiUrl),
    MYCIRRUS_RATE_PER_SECOND: String(RATE),
    MYCIRRUS_BURST: String(BURST),
    MYCIRRUS_MAX_ATTEMPTS: "2",
    MYCIRRUS_RETRY_BASE_DELAY_MS: "20",
  });
});
afterAll(async () => {
  configureEnv({
    MYCIRRUS_RATE_PER_SECOND: undefined,
    MYCIRRUS_BURST: undefined,
    MYCIRRUS_MAX_ATTEMPTS: undefined,
    MYCIRRUS_RETRY_BASE_DELAY_MS: undefined,
  });
  await stopQueue();
  await proxy?.close();
  await simulator?.close();
});

async function syncedOrg() {
  const owner = await createUser();
  const org = await createOrg({ owner: [owner] });
  await saveApiKey(org.id, owner.id, { apiKey: DEMO_API_KEY, baseUrl: proxy.urlFor(simulator.apiUrl) });
  await syncFleet(org.id);
  return { org, owner };
}

const Q = { filter: "all", search: "", sort: "serial", dir: "asc", site: "all" } as const;
const serials = (rows: { serial: string }[]) => rows.map((r) => r.serial);

describe("fleet board", () => {
  let org: Awaited<ReturnType<typeof syncedOrg>>["org"];
  beforeAll(async () => {
    ({ org } = await syncedOrg());
  }, 60_000);

  it("lists the whole fleet with counts", async () => {
    const board = await fleetBoard(org.id, Q);
    expect(board.rows).toHaveLength(12);
    expect(board.counts.total).toBe(12);
    expect(board.counts.offline).toBe(1);
    expect(board.counts.online).toBe(11);
    // QT800004 is offline (its last flag said measuring) and QT800007 online but not measuring.
    expect(board.counts.measuring).toBe(10);
    expect(board.counts.sicFailed).toBe(1);
    expect(board.counts.lowVoltage).toBe(1);
    expect(board.filterCounts).toMatchObject({ all: 12, offline: 1, "sic-failed": 1, "low-voltage": 1 });
    expect(board.connection).toMatchObject({ configured: true, status: "valid" });
    expect(board.sync.lastSyncAt).toBeInstanceOf(Date);
    expect(board.rows.every((r) => r.snapshotAt instanceof Date)).toBe(true);
  });

  it("filters offline, SIC failed, low voltage and needs calibration", async () => {
    expect(serials((await fleetBoard(org.id, { ...Q, filter: "offline" })).rows)).toEqual(["QT800004"]);
    expect(serials((await fleetBoard(org.id, { ...Q, filter: "sic-failed" })).rows)).toEqual(["QT800002"]);
    expect(serials((await fleetBoard(org.id, { ...Q, filter: "low-voltage" })).rows)).toEqual(["QT800005"]);
    const due = serials((await fleetBoard(org.id, { ...Q, filter: "needs-calibration" })).rows);
    expect(due).toContain("QT800003"); // drifting towards +0.5 dB
    expect(due).not.toContain("QT800001");
    expect(due).not.toContain("AQ800010"); // not a noise monitor
  });

  it("searches name and serial, case-insensitively, and sorts both ways", async () => {
    expect(serials((await fleetBoard(org.id, { ...Q, search: "marina" })).rows)).toEqual(["QT800008"]);
    expect(serials((await fleetBoard(org.id, { ...Q, search: "qt80001" })).rows)).toEqual(["QT800012"]);
    const byName = (await fleetBoard(org.id, { ...Q, sort: "name" })).rows.map((r) => r.name);
    expect(byName).toEqual([...byName].sort((a, b) => a.localeCompare(b)));
    const desc = (await fleetBoard(org.id, { ...Q, sort: "name", dir: "desc" })).rows.map((r) => r.name);
    expect(desc).toEqual([...byName].reverse());
    const problems = await fleetBoard(org.id, { ...Q, sort: "status" });
    expect(problems.rows[0]!.serial).toBe("QT800004"); // offline first
    const limited = await fleetBoard(org.id, Q, { limit: 5 });
    expect(limited.rows).toHaveLength(5);
    expect(limited.matched).toBe(12);
  });

  it("counts open and acknowledged alerts per instrument, not resolved ones", async () => {
    const instrument = await db().instrument.findFirstOrThrow({
      where: { organizationId: org.id, serial: "QT800007" },
    });
    const rule = await db().alertRule.create({
      data: { organizationId: org.id, name: "Test rule", kind: "offline", params: {}, severity: "warning" },
    });
    for (const state of ALERT_STATES) {
      await db().alert.create({
        data: {
          organizationId: org.id,
          instrumentId: instrument.id,
          ruleId: rule.id,
          state,
          severity: "warning",
          title: `Alert ${state}`,
          source: "manual",
        },
      });
    }
    const row = (await fleetBoard(org.id, { ...Q, search: "QT800007" })).rows[0]!;
    expect(row.openAlerts).toBe(2);
    expect((await fleetInstrument(org.id, "QT800007")).alerts).toHaveLength(2);
  });

  it("answers from Postgres only: a view works while MyCirrus fails every request", async () => {
    const before = calls.length;
    await simulator.control.injectFault({ key: "*", mode: "500" });
    try {
      const board = await fleetBoard(org.id, Q);
      expect(board.rows).toHaveLength(12);
      expect((await fleetInstrument(org.id, "QT800001")).instrument.serial).toBe("QT800001");
    } finally {
      await simulator.control.clearFaults("*");
    }
    expect(calls.length).toBe(before);
  });

  it("keeps tenants apart: another organisation's serial is NOT_FOUND, its board empty", async () => {
    const stranger = await createUser();
    const other = await createOrg({ owner: [stranger] });
    expect((await fleetBoard(other.id, Q)).rows).toHaveLength(0);
    await expect(fleetInstrument(other.id, "QT800001")).rejects.toMatchObject({ code: "NOT_FOUND" });
    const api = callerFor(stranger);
    expect(await outcome(() => api.fleet.instrument({ orgSlug: other.slug, serial: "QT800001" }))).toBe("NOT_FOUND");
    // and through the first organisation's slug, a non-member gets NOT_FOUND for the organisation itself
    expect(await outcome(() => api.fleet.board({ orgSlug: org.slug, ...Q }))).toBe("NOT_FOUND");
  });
});

describe("snapshot refresh", () => {
  it("stays within the organisation's rate limit (no 429 from MyCirrus) and survives a failing instrument", async () => {
    const { org } = await syncedOrg();
    const before = (await fleetInstrument(org.id, "QT800006")).instrument;
    failing.add("/control/instruments/QT800006/status");
    await simulator.control.setOnline("QT800012", false);
    const from = calls.length;
    try {
      const report = await syncFleet(org.id);
      expect(report.instruments).toBe(12);
      expect(report.statusFailures).toBe(1);
    } finally {
      failing.clear();
      await simulator.control.setOnline("QT800012", true);
    }
    const made = calls.slice(from);
    expect(made.filter((c) => c.status === 429)).toEqual([]);
    // Token bucket: in any window of w ms, at most burst + rate × w requests start.
    for (let i = 0; i < made.length; i++) {
      for (let j = i; j < made.length; j++) {
        const w = made[j]!.at - made[i]!.at;
        expect(j - i + 1).toBeLessThanOrEqual(BURST + Math.ceil((RATE * w) / 1000) + 1);
      }
    }
    // The other instruments were refreshed; the failing one kept its last good status.
    const after = await fleetBoard(org.id, { ...Q, filter: "offline" });
    expect(serials(after.rows).sort()).toEqual(["QT800004", "QT800012"]);
    const kept = (await fleetInstrument(org.id, "QT800006")).instrument;
    expect(kept.statusAt).toEqual(before.statusAt);
    expect(kept.online).toBe(true);
    expect(
      (await db().fleetSyncState.findUniqueOrThrow({ where: { organizationId: org.id } })).lastSyncError,
    ).toBeNull();
  }, 60_000);

  it("'refresh now' queues a poll at most once per interval", async () => {
    const { org } = await syncedOrg();
    expect(await requestFleetRefresh(org.id)).toMatchObject({ queued: false }); // just synced
    const later = new Date(Date.now() + MIN_REFRESH_INTERVAL_MS + 1000);
    expect(await requestFleetRefresh(org.id, later)).toMatchObject({ queued: true });
    expect(await requestFleetRefresh(org.id, later)).toMatchObject({ queued: false }); // the queued one absorbs it
    const stranger = await createUser();
    const empty = await createOrg({ owner: [stranger] });
    await expect(requestFleetRefresh(empty.id)).rejects.toMatchObject({ code: "PRECONDITION_FAILED" });
  });
});

describe("noise chart", () => {
  it("a 31-day chart is one upstream request and at most ~1.5k points per series, keeping the peak", async () => {
    const { org } = await syncedOrg();
    const end = new Date(Math.floor(Date.now() / 60_000) * 60_000);
    const range = { start: new Date(end.getTime() - 31 * 86_400_000), end };
    // A loud quarter of an hour ten days ago: the month's peak, which downsampling must keep. +60 dB puts it
    // above any generated event (their peaks reach about 91 dB), whatever the hour it falls on.
    const loudFrom = new Date(Math.floor((end.getTime() - 10 * 86_400_000) / 3_600_000) * 3_600_000);
    await simulator.control.shiftLevel("QT800001", {
      db: 60,
      from: loudFrom.toISOString(),
      to: new Date(loudFrom.getTime() + 15 * 60_000).toISOString(),
    });
    try {
      const from = calls.length;
      const chart = await noiseChart(org.id, "QT800001", range);
      const made = calls.slice(from).filter((c) => c.url.includes("/data/noise/measurements"));
      expect(made).toHaveLength(1);
      expect(chart.rawCount).toBeGreaterThan(20_000);
      expect(chart.downsampled).toBe(true);
      for (const s of Object.values(chart.series)) expect(s.length).toBeLessThanOrEqual(1500);

      // The same samples as MyCirrus sends them: each series' highest sample is in the chart at
      // its own time and value (to 0.1 dB), and LAeq's lowest too.
      const raw = await withMyCirrus(org.id, (c) =>
        c.noiseMeasurements({ instruments: ["QT800001"], ...range, values: ["LAeq", "LAFMax", "LCPeak"] }),
      );
      expect(raw).toHaveLength(chart.rawCount);
      const extreme = (name: string, pick: (a: number, b: number) => boolean) => {
        let best: { t: number; v: number } | null = null;
        for (const r of raw) {
          const v = r.values[name];
          if (typeof v === "number" && (!best || pick(v, best.v))) best = { t: r.start.getTime(), v };
        }
        return { t: best!.t, v: Math.round(best!.v * 10) / 10 };
      };
      for (const name of ["LAeq", "LAFMax", "LCPeak"]) {
        const peak = extreme(name, (a, b) => a > b);
        expect(chart.series[name], `${name} peak`).toContainEqual(peak);
        expect(Math.max(...chart.series[name]!.map((p) => p.v))).toBe(peak.v);
      }
      const peak = extreme("LAFMax", (a, b) => a > b);
      expect(peak.t).toBeGreaterThanOrEqual(loudFrom.getTime());
      expect(peak.t).toBeLessThan(loudFrom.getTime() + 15 * 60_000);
      expect(chart.series.LAeq).toContainEqual(extreme("LAeq", (a, b) => a < b));
    } finally {
      await simulator.control.shiftLevel("QT800001", { clear: true });
    }
  }, 60_000);
});
