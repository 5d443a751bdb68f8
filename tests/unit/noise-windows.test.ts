/**
 * Which noise windows are due and how they are judged (server/services/alerts/noise.ts),
 * with hand-built schedules: where the instrument stood, the version in force at each
 * window's start, every row's averaging windows, and trigger / limit verdicts.
 */
import { beforeAll, describe, expect, it } from "vitest";
import {
  DEFAULT_RULES,
  RULE_PARAMS,
  judgeWindows,
  metricLabel,
  metricsOf,
  placementsBetween,
  windowsDue,
} from "@/server/services/alerts";
import { RULE_KINDS } from "@/lib/domain";
import type { ScheduleRow } from "@/lib/limit-schedule";
import type { ScheduleBook, ScheduleVersion } from "@/server/services/sites";

const at = (iso: string) => new Date(iso);
const HOUR = 3_600_000;

const row = (over: Partial<ScheduleRow>): ScheduleRow => ({
  label: "Day",
  days: [0, 1, 2, 3, 4, 5, 6],
  from: "07:00",
  to: "23:00",
  metric: "LAeq",
  averagingMinutes: 60,
  triggerDb: null,
  limitDb: 65,
  ...over,
});

const version = (
  n: number,
  effectiveFrom: string,
  rows: ScheduleRow[],
  siteId: string | null = "s1",
): ScheduleVersion => ({
  id: `v${n}`,
  siteId,
  version: n,
  effectiveFrom: at(effectiveFrom),
  note: null,
  createdAt: at(effectiveFrom),
  createdBy: null,
  rows,
});

/** A book like scheduleBook's: versions per scope, newest first. */
function book(versions: ScheduleVersion[]): ScheduleBook {
  const of = (siteId: string | null) =>
    versions.filter((v) => v.siteId === siteId).sort((a, b) => b.effectiveFrom.getTime() - a.effectiveFrom.getTime());
  return {
    inForce: (siteId, t) => of(siteId).find((v) => v.effectiveFrom <= t) ?? null,
    between: (siteId, from, to) => {
      const list = of(siteId);
      return list.filter((v, i) => v.effectiveFrom < to && (i === 0 || list[i - 1]!.effectiveFrom > from));
    },
  };
}

const deployment = (start: string, end: string | null, correctionDb = 0) => ({
  siteId: "s1",
  site: { name: "Harbour Road", timezone: null },
  positionName: "NML1",
  correctionDb,
  startAt: at(start),
  endAt: end ? at(end) : null,
});

/** One-minute measurements at a constant level over [from, to). */
function minutes(from: string, to: string, level: number | ((t: Date) => number)) {
  const out = [];
  for (let t = at(from).getTime(); t < at(to).getTime(); t += 60_000) {
    const start = new Date(t);
    out.push({ start, durationSeconds: 60, values: { LAeq: typeof level === "number" ? level : level(start) } });
  }
  return out;
}

describe("placementsBetween", () => {
  it("fills the time around deployments with 'not deployed' (the organisation's default)", () => {
    const p = placementsBetween(
      [deployment("2026-06-10T10:00:00Z", "2026-06-10T12:00:00Z", -3)],
      "Europe/London",
      at("2026-06-10T08:00:00Z"),
      at("2026-06-10T14:00:00Z"),
    );
    expect(p.map((x) => [x.siteId, x.start.toISOString(), x.end?.toISOString() ?? null, x.correctionDb])).toEqual([
      [null, "2026-06-10T08:00:00.000Z", "2026-06-10T10:00:00.000Z", 0],
      ["s1", "2026-06-10T10:00:00.000Z", "2026-06-10T12:00:00.000Z", -3],
      [null, "2026-06-10T12:00:00.000Z", null, 0],
    ]);
    expect(p[1]!.timezone).toBe("Europe/London");
  });

  it("ignores deployments wholly outside the range", () => {
    const p = placementsBetween(
      [deployment("2026-06-01T00:00:00Z", "2026-06-02T00:00:00Z"), deployment("2026-06-20T00:00:00Z", null)],
      "UTC",
      at("2026-06-10T00:00:00Z"),
      at("2026-06-11T00:00:00Z"),
    );
    expect(p.map((x) => x.siteId)).toEqual([null]);
  });
});

describe("placementsBetween edges", () => {
  const dep = (start: string, end: string | null, name = "Harbour Road", timezone: string | null = null) => ({
    ...deployment(start, end),
    site: { name, timezone },
  });
  const span = (p: ReturnType<typeof placementsBetween>) =>
    p.map((x) => [x.siteName, x.start.toISOString().slice(11, 16), x.end ? x.end.toISOString().slice(11, 16) : null]);

  it("sorts deployments by start, leaves no gap between touching ones, and ends open while still deployed", () => {
    const p = placementsBetween(
      [dep("2026-06-10T12:00:00Z", null, "B"), dep("2026-06-10T09:00:00Z", "2026-06-10T12:00:00Z", "A")],
      "UTC",
      at("2026-06-10T08:00:00Z"),
      at("2026-06-10T20:00:00Z"),
    );
    expect(span(p)).toEqual([
      [null, "08:00", "09:00"],
      ["A", "09:00", "12:00"],
      ["B", "12:00", null],
    ]);
  });

  it("a deployment that ended exactly at `from`, or starts exactly at `to`, is outside; a site's own timezone wins", () => {
    const p = placementsBetween(
      [
        dep("2026-06-10T06:00:00Z", "2026-06-10T08:00:00Z", "Before"),
        dep("2026-06-10T10:00:00Z", "2026-06-10T11:00:00Z", "Inside", "Asia/Tokyo"),
        dep("2026-06-10T12:00:00Z", null, "After"),
      ],
      "Europe/London",
      at("2026-06-10T08:00:00Z"),
      at("2026-06-10T12:00:00Z"),
    );
    expect(span(p)).toEqual([
      [null, "08:00", "10:00"],
      ["Inside", "10:00", "11:00"],
      [null, "11:00", null],
    ]);
    expect(p.map((x) => x.timezone)).toEqual(["Europe/London", "Asia/Tokyo", "Europe/London"]);
  });

  it("a deployment running past `to` is the last placement", () => {
    const p = placementsBetween(
      [dep("2026-06-10T07:00:00Z", "2026-06-11T00:00:00Z")],
      "UTC",
      at("2026-06-10T08:00:00Z"),
      at("2026-06-10T12:00:00Z"),
    );
    expect(span(p)).toEqual([["Harbour Road", "07:00", "00:00"]]);
  });
});

describe("metric labels", () => {
  it("names T for LAeq and LAF90 rows, in hours when whole, else minutes, T for the whole period; max levels bare", () => {
    expect(metricLabel({ metric: "LAeq", averagingMinutes: 60 })).toBe("LAeq,1h");
    expect(metricLabel({ metric: "LAeq", averagingMinutes: 15 })).toBe("LAeq,15min");
    expect(metricLabel({ metric: "LAF90", averagingMinutes: 30 })).toBe("LAF90,30min");
    expect(metricLabel({ metric: "LAeq", averagingMinutes: null })).toBe("LAeq,T");
    expect(metricLabel({ metric: "LAFMax", averagingMinutes: 5 })).toBe("LAFMax");
    expect(metricLabel({ metric: "LCPeak", averagingMinutes: null })).toBe("LCPeak");
  });

  it("metricsOf lists each metric the windows need once, in first-seen order", () => {
    const w = (metric: ScheduleRow["metric"]) => ({ row: row({ metric }) }) as Parameters<typeof metricsOf>[0][number];
    expect(metricsOf([w("LAFMax"), w("LAeq"), w("LAFMax"), w("LAF90")])).toEqual(["LAFMax", "LAeq", "LAF90"]);
    expect(metricsOf([])).toEqual([]);
  });
});

describe("windowsDue", () => {
  // Built in beforeAll, not in the describe body: a throw there would hide every test (and mutant) below.
  let deployed: ReturnType<typeof placementsBetween>;
  beforeAll(() => {
    deployed = placementsBetween(
      [deployment("2026-06-01T00:00:00Z", null)],
      "Europe/London",
      at("2026-06-09T00:00:00Z"),
      at("2026-06-11T00:00:00Z"),
    );
  });

  it("gives each row's hourly windows that end in (from, to], in local time (BST: 07:00 local = 06:00 UTC)", () => {
    const b = book([
      version(1, "2026-01-01T00:00:00Z", [
        row({ from: "07:00", to: "23:00" }),
        row({ label: "Night", from: "23:00", to: "07:00", limitDb: 45 }),
      ]),
    ]);
    const due = windowsDue(b, deployed, at("2026-06-10T05:30:00Z"), at("2026-06-10T07:00:00Z"));
    expect(due.map((w) => [w.start.toISOString(), w.end.toISOString(), w.row.label])).toEqual([
      ["2026-06-10T05:00:00.000Z", "2026-06-10T06:00:00.000Z", "Night"],
      ["2026-06-10T06:00:00.000Z", "2026-06-10T07:00:00.000Z", "Day"],
    ]);
  });

  it("a whole-period row is due once, at the end of its period", () => {
    const b = book([version(1, "2026-01-01T00:00:00Z", [row({ from: "07:00", to: "19:00", averagingMinutes: null })])]);
    expect(windowsDue(b, deployed, at("2026-06-10T06:00:00Z"), at("2026-06-10T17:59:00Z"))).toEqual([]);
    const due = windowsDue(b, deployed, at("2026-06-10T06:00:00Z"), at("2026-06-10T18:00:00Z"));
    expect(due.map((w) => [w.start.toISOString(), w.end.toISOString()])).toEqual([
      ["2026-06-10T06:00:00.000Z", "2026-06-10T18:00:00.000Z"],
    ]);
  });

  it("due means ending in (from, to]: a window ending exactly at `from` is not, one ending exactly at `to` is", () => {
    const b = book([version(1, "2026-01-01T00:00:00Z", [row({ from: "00:00", to: "23:00" })])]);
    const utc = placementsBetween(
      [deployment("2026-06-01T00:00:00Z", null)],
      "UTC",
      at("2026-06-09T00:00:00Z"),
      at("2026-06-11T00:00:00Z"),
    );
    const due = windowsDue(b, utc, at("2026-06-10T10:00:00Z"), at("2026-06-10T12:00:00Z"));
    expect(due.map((w) => w.end.toISOString())).toEqual(["2026-06-10T11:00:00.000Z", "2026-06-10T12:00:00.000Z"]);
  });

  it("looks back far enough for a long whole-period window that began well before `from`", () => {
    // Sunday 07:00-23:00 (16 h) judged as a whole, due when it ends, though it began 15 h before `from`.
    const b = book([
      version(1, "2026-01-01T00:00:00Z", [row({ days: [0], from: "07:00", to: "23:00", averagingMinutes: null })]),
    ]);
    const utc = placementsBetween(
      [deployment("2026-06-01T00:00:00Z", null)],
      "UTC",
      at("2026-06-12T00:00:00Z"),
      at("2026-06-15T00:00:00Z"),
    );
    const due = windowsDue(b, utc, at("2026-06-14T22:00:00Z"), at("2026-06-14T23:00:00Z"));
    expect(due.map((w) => [w.start.toISOString(), w.end.toISOString()])).toEqual([
      ["2026-06-14T07:00:00.000Z", "2026-06-14T23:00:00.000Z"],
    ]);
  });

  it("sorts the windows of several rows by start, each with its own row's T", () => {
    const b = book([
      version(1, "2026-01-01T00:00:00Z", [
        row({ label: "LAFMax", metric: "LAFMax", averagingMinutes: 30, from: "00:00", to: "23:00" }),
        row({ from: "00:00", to: "23:00" }),
      ]),
    ]);
    const utc = placementsBetween(
      [deployment("2026-06-01T00:00:00Z", null)],
      "UTC",
      at("2026-06-09T00:00:00Z"),
      at("2026-06-11T00:00:00Z"),
    );
    const due = windowsDue(b, utc, at("2026-06-10T10:00:00Z"), at("2026-06-10T11:00:00Z"));
    // By start; windows starting together keep the schedule's row order.
    expect(due.map((w) => [w.start.toISOString().slice(11, 16), w.row.metric])).toEqual([
      ["10:00", "LAFMax"],
      ["10:00", "LAeq"],
      ["10:30", "LAFMax"],
    ]);
  });

  it("judges a window by the version in force at its start, even when a new version began during it", () => {
    const b = book([
      version(1, "2026-01-01T00:00:00Z", [row({ limitDb: 65 })]),
      version(2, "2026-06-10T10:30:00Z", [row({ limitDb: 55 })]),
    ]);
    const due = windowsDue(b, deployed, at("2026-06-10T09:00:00Z"), at("2026-06-10T12:00:00Z"));
    expect(due.map((w) => [w.start.toISOString(), w.version, w.row.limitDb])).toEqual([
      ["2026-06-10T09:00:00.000Z", 1, 65],
      ["2026-06-10T10:00:00.000Z", 1, 65],
      ["2026-06-10T11:00:00.000Z", 2, 55],
    ]);
  });

  it("a site without a schedule has no windows; the organisation's default applies only while not deployed", () => {
    const org = version(1, "1970-01-01T00:00:00Z", [row({ limitDb: 75 })], null);
    const placements = placementsBetween(
      [deployment("2026-06-10T10:00:00Z", null)],
      "Europe/London",
      at("2026-06-09T00:00:00Z"),
      at("2026-06-11T00:00:00Z"),
    );
    const due = windowsDue(book([org]), placements, at("2026-06-10T08:00:00Z"), at("2026-06-10T12:00:00Z"));
    expect(due.map((w) => [w.start.toISOString(), w.placement.siteId])).toEqual([
      ["2026-06-10T08:00:00.000Z", null],
      ["2026-06-10T09:00:00.000Z", null],
    ]);
  });
});

describe("judgeWindows", () => {
  const b = book([
    version(1, "2026-01-01T00:00:00Z", [row({ from: "00:00", to: "12:00", triggerDb: 60, limitDb: 65 })]),
  ]);
  let due: ReturnType<typeof windowsDue>;
  beforeAll(() => {
    const placements = placementsBetween(
      [deployment("2026-06-01T00:00:00Z", null, -3)],
      "UTC",
      at("2026-06-09T00:00:00Z"),
      at("2026-06-11T00:00:00Z"),
    );
    due = windowsDue(b, placements, at("2026-06-10T00:00:00Z"), at("2026-06-10T03:00:00Z"));
  });

  it("energy-averages, applies the correction once, and says trigger or exceed (at a level exactly, neither)", () => {
    expect(due).toHaveLength(3);
    const m = [
      // 00:00-01:00: half at 60, half at 70 dB → 10·log10((10^6 + 10^7) / 2) = 67.40 dB, −3 → 64.40: above the trigger, not the limit.
      ...minutes("2026-06-10T00:00:00Z", "2026-06-10T00:30:00Z", 60),
      ...minutes("2026-06-10T00:30:00Z", "2026-06-10T01:00:00Z", 70),
      // 01:00-02:00: 68 dB → 65 exactly: at the limit is not above it, but above the trigger.
      ...minutes("2026-06-10T01:00:00Z", "2026-06-10T02:00:00Z", 68),
      // 02:00-03:00: 63 dB → 60 exactly: at the trigger, a pass.
      ...minutes("2026-06-10T02:00:00Z", "2026-06-10T03:00:00Z", 63),
    ];
    const judged = judgeWindows(due, m);
    expect(judged.map((j) => [j.start.toISOString(), j.verdict, Math.round(j.value * 100) / 100])).toEqual([
      ["2026-06-10T00:00:00.000Z", "trigger", 64.4],
      ["2026-06-10T01:00:00.000Z", "trigger", 65],
    ]);
    const louder = judgeWindows(due, minutes("2026-06-10T00:00:00Z", "2026-06-10T01:00:00Z", 68.1));
    expect(louder.map((j) => j.verdict)).toEqual(["exceed"]);
  });

  it("skips windows with data for less than half of them, and counts exactly half", () => {
    const half = minutes("2026-06-10T00:00:00Z", "2026-06-10T00:30:00Z", 90);
    const lessThanHalf = minutes("2026-06-10T01:00:00Z", "2026-06-10T01:29:00Z", 90);
    expect(judgeWindows(due, [...half, ...lessThanHalf]).map((j) => j.start.toISOString())).toEqual([
      "2026-06-10T00:00:00.000Z",
    ]);
  });

  it("counts only measurements taken while the instrument stood at the position", () => {
    const moved = placementsBetween(
      [deployment("2026-06-10T00:30:00Z", null)],
      "UTC",
      at("2026-06-09T00:00:00Z"),
      at("2026-06-11T00:00:00Z"),
    );
    const w = windowsDue(b, moved, at("2026-06-10T00:00:00Z"), at("2026-06-10T02:00:00Z"));
    // The 00:00 window began before the deployment (the organisation's default, none here): only 01:00 is due.
    expect(w.map((x) => x.start.toISOString())).toEqual(["2026-06-10T01:00:00.000Z"]);
    const loudBefore = minutes("2026-06-10T00:00:00Z", "2026-06-10T02:00:00Z", (t) =>
      t.getTime() < at("2026-06-10T01:00:00Z").getTime() ? 99 : 50,
    );
    expect(judgeWindows(w, loudBefore)).toEqual([]);
  });

  it("never judges a window by an hour's data from before it", () => {
    const early = minutes("2026-06-09T23:00:00Z", "2026-06-10T00:00:00Z", 99);
    expect(judgeWindows(due, early)).toEqual([]);
    expect(HOUR).toBe(3_600_000);
  });
});

describe("default rules", () => {
  it("cover every kind with valid settings; noise events are opt-in and the limits live in schedules", () => {
    expect(DEFAULT_RULES.map((r) => r.kind).sort()).toEqual([...RULE_KINDS].sort());
    for (const rule of DEFAULT_RULES) expect(RULE_PARAMS[rule.kind].safeParse(rule.params).success).toBe(true);
    const noise = RULE_PARAMS.noise_exceedance.parse(DEFAULT_RULES.find((r) => r.kind === "noise_exceedance")!.params);
    expect(noise).toEqual({ events: false, projectedBreach: false });
  });
});

describe("placement boundaries", () => {
  const b = book([
    version(1, "2026-01-01T00:00:00Z", [row({ from: "00:00", to: "23:00", triggerDb: 60, limitDb: 65 })]),
  ]);

  it("a window starting exactly when the deployment starts is the deployment's; a site without its own timezone uses the organisation's", () => {
    const p = placementsBetween(
      [deployment("2026-06-10T02:00:00Z", null)],
      "UTC",
      at("2026-06-09T00:00:00Z"),
      at("2026-06-11T00:00:00Z"),
    );
    expect(p.find((x) => x.siteId === "s1")?.timezone).toBe("UTC");
    const due = windowsDue(b, p, at("2026-06-10T02:30:00Z"), at("2026-06-10T03:00:00Z"));
    expect(due.map((w) => [w.start.toISOString(), w.placement.siteId])).toEqual([["2026-06-10T02:00:00.000Z", "s1"]]);
  });

  it("measurements after the instrument left the position do not count for its window", () => {
    // Deployed 00:00-00:40: the 00:00 window has 40 quiet minutes there; the loud minutes after 00:40 are elsewhere.
    const p = placementsBetween(
      [deployment("2026-06-10T00:00:00Z", "2026-06-10T00:40:00Z")],
      "UTC",
      at("2026-06-09T00:00:00Z"),
      at("2026-06-11T00:00:00Z"),
    );
    const due = windowsDue(b, p, at("2026-06-10T00:30:00Z"), at("2026-06-10T01:00:00Z"));
    expect(due.map((w) => w.placement.siteId)).toEqual(["s1"]);
    const m = minutes("2026-06-10T00:00:00Z", "2026-06-10T01:00:00Z", (t) =>
      t < at("2026-06-10T00:40:00Z") ? 50 : 99,
    );
    expect(judgeWindows(due, m)).toEqual([]);
  });
});
