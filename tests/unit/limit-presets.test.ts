/**
 * Where a site's schedule comes from: the presets (BS 5228-1 Table E.1 and a
 * plain day/evening/night), and the organisation's old noise rule, whose
 * mapping must give the limit the old rule gave at every minute.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { scheduleFromLegacyRule, type LegacyNoiseRuleParams } from "@/lib/legacy-noise-rule";
import { LIMIT_PRESETS, presetRows, type LimitPresetId } from "@/lib/limit-presets";
import { rowsAt, scheduleProblems, scheduleRowsSchema, type ScheduleRow } from "@/lib/limit-schedule";
import { localClock } from "@/lib/local-time";

const LONDON = "Europe/London";
const MIN = 60_000;
const HOUR = 60 * MIN;
const ALL = [0, 1, 2, 3, 4, 5, 6];

const minutesOf = (value: string) => Number(value.slice(0, 2)) * 60 + Number(value.slice(3, 5));
const hhmm = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;

/** The wall-clock reading of a row (see limit-schedule.test.ts). */
function appliesAtClock(r: Pick<ScheduleRow, "days" | "from" | "to">, weekday: number, minute: number): boolean {
  const from = minutesOf(r.from);
  const to = minutesOf(r.to);
  if (from < to) return r.days.includes(weekday) && minute >= from && minute < to;
  return (r.days.includes(weekday) && minute >= from) || (r.days.includes((weekday + 6) % 7) && minute < to);
}

describe("LIMIT_PRESETS", () => {
  it("offers each preset once, custom last", () => {
    expect(LIMIT_PRESETS.map((p) => p.id)).toEqual(["bs5228-a", "bs5228-b", "bs5228-c", "day-evening-night", "custom"]);
  });

  it.each(LIMIT_PRESETS.map((p) => [p.id, p] as const))("%s is a valid schedule", (_, preset) => {
    expect(scheduleProblems(preset.rows)).toEqual([]);
    expect(scheduleRowsSchema.safeParse(preset.rows).success).toBe(true);
    expect(preset.label.length).toBeGreaterThan(0);
    expect(preset.help.length).toBeGreaterThan(0);
  });

  /** The LAeq limit in force at a London wall-clock moment (2026-06-01 is a Monday, BST = UTC+1). */
  const limitAtLocal = (id: LimitPresetId, day: number, time: string) => {
    const [h, m] = time.split(":").map(Number);
    const t = new Date(Date.UTC(2026, 5, day, h! - 1, m!));
    return rowsAt(presetRows(id), t, LONDON).map((r) => [r.label, r.limitDb, r.triggerDb]);
  };

  it("BS 5228 Category A holds Table E.1's values, at each period's edges", () => {
    const a = (day: number, time: string) => limitAtLocal("bs5228-a", day, time)[0];
    expect(a(2, "12:00")).toEqual(["Weekday daytime", 65, 60]); // Tuesday
    expect(a(1, "07:00")).toEqual(["Weekday daytime", 65, 60]);
    expect(a(1, "06:59")).toEqual(["Night", 45, 40]); // Sunday's night, ending Monday 07:00
    expect(a(5, "18:59")).toEqual(["Weekday daytime", 65, 60]); // Friday
    expect(a(5, "19:00")).toEqual(["Weekday evening", 55, 50]);
    expect(a(5, "22:59")).toEqual(["Weekday evening", 55, 50]);
    expect(a(5, "23:00")).toEqual(["Night", 45, 40]);
    expect(a(6, "06:59")).toEqual(["Night", 45, 40]); // Saturday
    expect(a(6, "07:00")).toEqual(["Saturday morning", 65, 60]);
    expect(a(6, "12:59")).toEqual(["Saturday morning", 65, 60]);
    expect(a(6, "13:00")).toEqual(["Saturday afternoon and evening", 55, 50]);
    expect(a(6, "22:59")).toEqual(["Saturday afternoon and evening", 55, 50]);
    expect(a(7, "03:00")).toEqual(["Night", 45, 40]); // Saturday's night, on Sunday
    expect(a(7, "07:00")).toEqual(["Sunday", 55, 50]);
    expect(a(7, "22:59")).toEqual(["Sunday", 55, 50]);
    expect(a(7, "23:00")).toEqual(["Night", 45, 40]);
  });

  it("Categories B and C are 5 and 10 dB above A, row for row", () => {
    const a = presetRows("bs5228-a");
    expect(presetRows("bs5228-b")).toEqual(
      a.map((r) => ({ ...r, limitDb: r.limitDb + 5, triggerDb: r.triggerDb! + 5 })),
    );
    expect(presetRows("bs5228-c")).toEqual(
      a.map((r) => ({ ...r, limitDb: r.limitDb + 10, triggerDb: r.triggerDb! + 10 })),
    );
    expect(limitAtLocal("bs5228-b", 2, "02:00")).toEqual([["Night", 50, 45]]);
    expect(limitAtLocal("bs5228-c", 2, "12:00")).toEqual([["Weekday daytime", 75, 70]]);
  });

  it("BS 5228 rows are LAeq over the whole period, triggers 5 dB below, and cover every minute of the week once", () => {
    for (const id of ["bs5228-a", "bs5228-b", "bs5228-c"] as const) {
      const rows = presetRows(id);
      for (const r of rows) {
        expect(r).toMatchObject({ metric: "LAeq", averagingMinutes: null, triggerDb: r.limitDb - 5 });
      }
      const uncovered: string[] = [];
      for (let w = 0; w < 7; w++)
        for (let m = 0; m < 1440; m++)
          if (rows.filter((r) => appliesAtClock(r, w, m)).length !== 1) uncovered.push(`${w} ${hhmm(m)}`);
      expect(uncovered).toEqual([]);
    }
  });

  it("says where BS 5228's values come from, and what is not from it", () => {
    const [a, b, c] = LIMIT_PRESETS;
    for (const p of [a!, b!, c!]) {
      expect(p.help).toContain("BS 5228-1:2009+A1:2014");
      expect(p.help).toContain("Table E.1");
      expect(p.help).toContain("whole period");
      expect(p.help).toContain("BS 5228 itself defines no trigger");
    }
    expect(a!.help).toContain("night 23:00–07:00 45 dB");
    expect(a!.help).toMatch(/\) 55 dB; daytime/);
    expect(a!.help).toMatch(
      /\) 65 dB\. Category A applies where ambient levels, rounded to the nearest 5 dB, are below/,
    );
    expect(b!.help).toContain("night 23:00–07:00 50 dB");
    expect(b!.help).toContain("are equal to the Category A values");
    expect(c!.help).toContain("night 23:00–07:00 55 dB");
    expect(c!.help).toContain("are above the Category A values");
    expect(c!.help).toMatch(/\) 75 dB\./);
  });

  it("day, evening and night: every day, LAeq,1h, 65 / 60 / 55 dB with triggers 5 dB below", () => {
    expect(presetRows("day-evening-night")).toEqual([
      {
        label: "Day",
        days: ALL,
        from: "07:00",
        to: "19:00",
        metric: "LAeq",
        averagingMinutes: 60,
        triggerDb: 60,
        limitDb: 65,
      },
      {
        label: "Evening",
        days: ALL,
        from: "19:00",
        to: "23:00",
        metric: "LAeq",
        averagingMinutes: 60,
        triggerDb: 55,
        limitDb: 60,
      },
      {
        label: "Night",
        days: ALL,
        from: "23:00",
        to: "07:00",
        metric: "LAeq",
        averagingMinutes: 60,
        triggerDb: 50,
        limitDb: 55,
      },
    ]);
    expect(LIMIT_PRESETS[3]!.help).toContain("Starting values");
  });

  it("custom starts empty", () => {
    expect(presetRows("custom")).toEqual([]);
  });

  it("presetRows hands out copies: editing them leaves the preset as it was", () => {
    const rows = presetRows("day-evening-night");
    rows[0]!.limitDb = 99;
    rows[0]!.days.push(9);
    rows.pop();
    expect(presetRows("day-evening-night")[0]).toMatchObject({ limitDb: 65, days: ALL });
    expect(presetRows("day-evening-night")).toHaveLength(3);
    expect(LIMIT_PRESETS[3]!.rows[0]!.days).toEqual(ALL);
  });
});

// ---- the old organisation-wide noise rule ----

type LegacyLimit = LegacyNoiseRuleParams["limits"][number];

/**
 * The old rule's limitAt (server/services/alerts/rules.ts before sites), kept
 * here as the model the mapping must reproduce: the lowest level among the
 * limits in force on the wall clock, the first on a tie.
 */
function oldLimitAt(limits: readonly LegacyLimit[], at: Date, timeZone: string): LegacyLimit | null {
  const { weekday, minutes: minute } = localClock(at, timeZone);
  let best: LegacyLimit | null = null;
  for (const limit of limits) {
    const from = minutesOf(limit.from);
    const to = minutesOf(limit.to);
    let applies: boolean;
    if (from < to) applies = minute >= from && minute < to && limit.days.includes(weekday);
    else
      applies =
        (minute >= from && limit.days.includes(weekday)) || (minute < to && limit.days.includes((weekday + 6) % 7));
    if (applies && (!best || limit.level < best.level)) best = limit;
  }
  return best;
}

/** The old default noise rule every organisation started with. */
const OLD_DEFAULT: LegacyNoiseRuleParams = {
  periodMinutes: 60,
  limits: [
    { label: "Day", days: ALL, from: "07:00", to: "23:00", level: 75 },
    { label: "Night", days: ALL, from: "23:00", to: "07:00", level: 55 },
  ],
  events: false,
};

describe("scheduleFromLegacyRule", () => {
  it("maps the old default rule to LAeq,1h rows without trigger levels", () => {
    expect(scheduleFromLegacyRule(OLD_DEFAULT)).toEqual([
      {
        label: "Day",
        days: ALL,
        from: "07:00",
        to: "23:00",
        metric: "LAeq",
        averagingMinutes: 60,
        triggerDb: null,
        limitDb: 75,
      },
      {
        label: "Night",
        days: ALL,
        from: "23:00",
        to: "07:00",
        metric: "LAeq",
        averagingMinutes: 60,
        triggerDb: null,
        limitDb: 55,
      },
    ]);
    expect(scheduleRowsSchema.safeParse(scheduleFromLegacyRule(OLD_DEFAULT)).success).toBe(true);
  });

  it("keeps 5, 15, 30 and 60 minute averaging; any other length becomes the whole period", () => {
    const averaging = (periodMinutes: number) =>
      scheduleFromLegacyRule({ ...OLD_DEFAULT, periodMinutes })[0]!.averagingMinutes;
    for (const t of [5, 15, 30, 60]) expect(averaging(t)).toBe(t);
    for (const t of [1, 4, 10, 20, 45, 59, 61, 120, 480, 960, 1440]) expect(averaging(t)).toBeNull();
  });

  it("keeps every limit, in order, overlapping ones included", () => {
    const limits: LegacyLimit[] = [
      { label: "Day", days: ALL, from: "07:00", to: "23:00", level: 75 },
      { label: "School hours", days: [1, 2, 3, 4, 5], from: "09:00", to: "15:30", level: 65 },
      { label: "Night", days: ALL, from: "23:00", to: "07:00", level: 55 },
    ];
    const rows = scheduleFromLegacyRule({ ...OLD_DEFAULT, limits });
    expect(rows.map((r) => [r.label, r.from, r.to, r.limitDb])).toEqual(
      limits.map((l) => [l.label, l.from, l.to, l.level]),
    );
    // The overlap the old rule allowed is what the new validation reports.
    expect(scheduleProblems(rows).map((p) => p.message)).toEqual([
      "Row 2 (School hours) overlaps row 1 (Day) on Monday, Tuesday, Wednesday, Thursday and Friday",
    ]);
  });

  it("tidies what a row must not have: repeated or unsorted days, a label of spaces", () => {
    const rows = scheduleFromLegacyRule({
      ...OLD_DEFAULT,
      limits: [
        { label: "  Day ", days: [5, 1, 1, 3], from: "07:00", to: "19:00", level: 70 },
        { label: "   ", days: [0], from: "19:00", to: "23:00", level: 60 },
      ],
    });
    expect(rows.map((r) => [r.label, r.days])).toEqual([
      ["Day", [1, 3, 5]],
      ["Limit 2", [0]],
    ]);
  });

  it("maps no limits to no rows", () => {
    expect(scheduleFromLegacyRule({ ...OLD_DEFAULT, limits: [] })).toEqual([]);
  });

  const legacyArb = fc.record({
    periodMinutes: fc.oneof(fc.constantFrom(5, 15, 30, 60), fc.integer({ min: 1, max: 1440 })),
    limits: fc.array(
      fc.record({
        label: fc.constantFrom("Day", "Night", "Evening", "Weekend", "Quiet"),
        days: fc.array(fc.integer({ min: 0, max: 6 }), { minLength: 1, maxLength: 7 }),
        // Times on the quarter hour make overlaps and shared edges common; from = to is a whole day.
        from: fc.integer({ min: 0, max: 95 }).map((q) => hhmm(q * 15)),
        to: fc.oneof(
          fc.integer({ min: 0, max: 95 }).map((q) => hhmm(q * 15)),
          fc.integer({ min: 0, max: 1439 }).map(hhmm),
        ),
        level: fc.integer({ min: 40, max: 80 }),
      }),
      { minLength: 1, maxLength: 5 },
    ),
    events: fc.boolean(),
  });

  /** Days on which London or New York change their clocks in 2026. */
  const CLOCK_CHANGES = [Date.UTC(2026, 2, 8), Date.UTC(2026, 2, 29), Date.UTC(2026, 9, 25), Date.UTC(2026, 10, 1)];

  it("gives the old rule's limit at every minute of a week", () => {
    fc.assert(
      fc.property(
        legacyArb,
        // Weeks holding a clock change, half the time.
        fc.oneof(
          fc.integer({ min: 0, max: 51 * 7 * 1440 }).map((m) => Date.UTC(2026, 0, 1) + m * MIN),
          fc
            .tuple(fc.constantFrom(...CLOCK_CHANGES), fc.integer({ min: 0, max: 6 * 1440 }))
            .map(([change, m]) => change - m * MIN),
        ),
        fc.constantFrom(LONDON, "America/New_York"),
        (params, start, zone) => {
          const rows = scheduleFromLegacyRule(params);
          expect(rows).toHaveLength(params.limits.length);
          for (let t = start; t < start + 7 * 1440 * MIN; t += MIN) {
            const old = oldLimitAt(params.limits, new Date(t), zone);
            const now = rowsAt(rows, new Date(t), zone).find((r) => r.metric === "LAeq");
            if ((old?.level ?? null) === (now?.limitDb ?? null) && old?.label === now?.label) continue;
            // The one reading that differs: in the hour the clocks repeat, a period starting or ending
            // inside it starts or ends at the first occurrence (a wall-clock reading sees it twice).
            const clock = localClock(new Date(t), zone);
            const repeated = [-HOUR, HOUR].some((d) => {
              const other = localClock(new Date(t + d), zone);
              return other.minutes === clock.minutes && other.weekday === clock.weekday;
            });
            const edgeNear = params.limits.some((l) =>
              [minutesOf(l.from), minutesOf(l.to)].some((b) => Math.abs(b - clock.minutes) < 120),
            );
            if (!(repeated && edgeNear)) return false;
          }
          return true;
        },
      ),
      { numRuns: 20 },
    );
  }, 20_000);

  it("differs from the old rule only in the hour the clocks repeat, for a period starting inside it", () => {
    // Sunday 25 October 2026: 01:30 first happens at 00:30Z (BST), again at 01:30Z (GMT).
    const limits = [{ label: "Early", days: [0], from: "01:30", to: "03:00", level: 50 }];
    const rows = scheduleFromLegacyRule({ ...OLD_DEFAULT, limits });
    const both = (iso: string) => [
      oldLimitAt(limits, new Date(iso), LONDON)?.level ?? null,
      rowsAt(rows, new Date(iso), LONDON)[0]?.limitDb ?? null,
    ];
    expect(both("2026-10-25T00:29:00Z")).toEqual([null, null]);
    expect(both("2026-10-25T00:30:00Z")).toEqual([50, 50]);
    // 01:10 GMT: the wall clock reads before 01:30 again; the period began at the first 01:30 and goes on.
    expect(both("2026-10-25T01:10:00Z")).toEqual([null, 50]);
    expect(both("2026-10-25T01:30:00Z")).toEqual([50, 50]);
    expect(both("2026-10-25T03:00:00Z")).toEqual([null, null]);
  });

  it("gives the same limit for the old default rule across both of London's clock changes", () => {
    const rows = scheduleFromLegacyRule(OLD_DEFAULT);
    for (const day of [Date.UTC(2026, 2, 28), Date.UTC(2026, 9, 24)])
      for (let t = day; t < day + 2 * 1440 * MIN; t += MIN) {
        const now = rowsAt(rows, new Date(t), LONDON)[0]!;
        expect(now.limitDb).toBe(oldLimitAt(OLD_DEFAULT.limits, new Date(t), LONDON)!.level);
      }
  });
});
