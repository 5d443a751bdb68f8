/**
 * Limit schedules: the row schema, every validation rule at its boundary, the
 * instants of local periods (DST days in Europe/London included), averaging
 * windows, what is in force at a moment, and the words for a row's time.
 * Properties check the implementation against brute-force minute-by-minute models.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { localClock } from "@/lib/local-time";
import {
  averagingWindows,
  formatDays,
  formatRowTime,
  localToInstant,
  periodInProgress,
  rowPeriods,
  rowsAt,
  scheduleProblems,
  scheduleRowSchema,
  scheduleRowsSchema,
  type Period,
  type ScheduleRow,
} from "@/lib/limit-schedule";
import { NOISE_METRICS } from "@/lib/domain";

const LONDON = "Europe/London";
const ALL = [0, 1, 2, 3, 4, 5, 6];
const WEEKDAYS = [1, 2, 3, 4, 5];
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

const row = (over: Partial<ScheduleRow> = {}): ScheduleRow => ({
  label: "Day",
  days: WEEKDAYS,
  from: "07:00",
  to: "19:00",
  metric: "LAeq",
  averagingMinutes: 60,
  triggerDb: 60,
  limitDb: 65,
  ...over,
});
const at = (iso: string) => new Date(iso);
const spans = (periods: Period[]) => periods.map((p) => [p.start.toISOString(), p.end.toISOString()]);
const hhmm = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
const minutesOf = (value: string) => Number(value.slice(0, 2)) * 60 + Number(value.slice(3, 5));

/**
 * The model of a row on the wall clock, as the old limitAt read limits: in force
 * from `from` on one of its days until `to`, after midnight on the day after
 * when it crosses midnight (or lasts a whole day, from = to).
 */
function appliesAtClock(r: Pick<ScheduleRow, "days" | "from" | "to">, weekday: number, minute: number): boolean {
  const from = minutesOf(r.from);
  const to = minutesOf(r.to);
  if (from < to) return r.days.includes(weekday) && minute >= from && minute < to;
  return (r.days.includes(weekday) && minute >= from) || (r.days.includes((weekday + 6) % 7) && minute < to);
}

const minuteArb = fc.integer({ min: 0, max: 1439 });
const daysArb = fc.uniqueArray(fc.integer({ min: 0, max: 6 }), { minLength: 1, maxLength: 7 });
/** Rows of any shape the engine meets, from = to (a legacy whole day) included. */
const anyTimesRowArb = fc
  .record({ days: daysArb, from: minuteArb, to: minuteArb, averagingMinutes: fc.constantFrom(5, 15, 30, 60, null) })
  .map(({ days, from, to, averagingMinutes }) =>
    row({
      days,
      from: hhmm(from),
      to: hhmm(to),
      averagingMinutes: averagingMinutes as ScheduleRow["averagingMinutes"],
    }),
  );

describe("scheduleRowSchema", () => {
  const parse = (over: Record<string, unknown>) => scheduleRowSchema.safeParse({ ...row(), ...over });

  it("accepts a row and trims its label", () => {
    const parsed = parse({ label: "  Night  ", from: "23:00", to: "07:00", averagingMinutes: null, triggerDb: null });
    expect(parsed.success && parsed.data.label).toBe("Night");
  });

  it("bounds each field", () => {
    expect(parse({ label: "   " }).success).toBe(false);
    expect(parse({ label: "x".repeat(40) }).success).toBe(true);
    expect(parse({ label: "x".repeat(41) }).success).toBe(false);
    expect(parse({ days: [] }).success).toBe(false);
    expect(parse({ days: ALL }).success).toBe(true);
    expect(parse({ days: [1, 1] }).success).toBe(false);
    expect(parse({ days: [7] }).success).toBe(false);
    expect(parse({ days: [-1] }).success).toBe(false);
    expect(parse({ days: [1.5] }).success).toBe(false);
    expect(parse({ from: "24:00" }).success).toBe(false);
    expect(parse({ to: "7:00" }).success).toBe(false);
    expect(parse({ to: "23:59" }).success).toBe(true);
    expect(parse({ metric: "LAeq,1h" }).success).toBe(false);
    for (const metric of NOISE_METRICS) expect(parse({ metric }).success).toBe(true);
    for (const averagingMinutes of [5, 15, 30, 60, null]) expect(parse({ averagingMinutes }).success).toBe(true);
    expect(parse({ averagingMinutes: 10 }).success).toBe(false);
    expect(parse({ averagingMinutes: 0 }).success).toBe(false);
  });

  it("bounds levels to 20–140 dB, both ends included", () => {
    expect(parse({ triggerDb: 20, limitDb: 140 }).success).toBe(true);
    expect(parse({ triggerDb: 19.9 }).success).toBe(false);
    expect(parse({ limitDb: 140.1 }).success).toBe(false);
    expect(parse({ limitDb: Number.POSITIVE_INFINITY }).success).toBe(false);
    expect(parse({ triggerDb: null }).success).toBe(true);
    expect(parse({ limitDb: null }).success).toBe(false);
  });
});

describe("scheduleRowsSchema", () => {
  it("reports the schedule's problems at [row, field] with the row named", () => {
    const parsed = scheduleRowsSchema.safeParse([
      row(),
      row({ label: "Night", days: ALL, from: "23:00", to: "07:00", triggerDb: 55, limitDb: 55 }),
    ]);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => [i.path, i.message])).toEqual([
      [[1, "triggerDb"], "Row 2 (Night): the trigger level must be below the limit"],
    ]);
  });

  it("accepts a valid schedule, an empty one, and at most 30 rows", () => {
    expect(scheduleRowsSchema.safeParse([row()]).success).toBe(true);
    expect(scheduleRowsSchema.safeParse([]).success).toBe(true);
    const thirty = Array.from({ length: 30 }, (_, i) =>
      row({ metric: "LAeq", days: [i % 7], from: hhmm(i * 30), to: hhmm(i * 30 + 15), averagingMinutes: 5 }),
    );
    expect(scheduleProblems(thirty)).toEqual([]);
    expect(scheduleRowsSchema.safeParse(thirty).success).toBe(true);
    expect(scheduleRowsSchema.safeParse([...thirty, row({ days: [0], from: "20:00", to: "21:00" })]).success).toBe(
      false,
    );
  });

  it("shows a row's own problems first, and the schedule's once every row is well formed", () => {
    const parsed = scheduleRowsSchema.safeParse([row({ limitDb: 150 }), row({ label: "Copy" })]);
    expect(parsed.error?.issues.map((i) => i.path)).toEqual([[0, "limitDb"]]);
  });
});

describe("scheduleProblems", () => {
  const problems = (rows: ScheduleRow[]) => scheduleProblems(rows).map((p) => [p.row, p.field, p.message]);

  it("finds nothing wrong with a sound schedule", () => {
    expect(
      scheduleProblems([
        row(),
        row({ label: "Evening", from: "19:00", to: "23:00" }),
        row({ label: "Night", days: ALL, from: "23:00", to: "07:00", averagingMinutes: null }),
        row({ label: "Weekend", days: [0, 6], from: "07:00", to: "23:00" }),
      ]),
    ).toEqual([]);
  });

  it("a period must not start and end at the same time", () => {
    expect(problems([row({ label: "Night", from: "07:00", to: "07:00" })])).toEqual([
      [0, "to", "Row 1 (Night): starts and ends at the same time"],
    ]);
  });

  it("the trigger level must be below the limit: equal or above is a problem, 0.1 dB below is not", () => {
    const p = (triggerDb: number | null) => problems([row({ label: "Night", triggerDb, limitDb: 55 })]);
    expect(p(55)).toEqual([[0, "triggerDb", "Row 1 (Night): the trigger level must be below the limit"]]);
    expect(p(56)).toEqual([[0, "triggerDb", "Row 1 (Night): the trigger level must be below the limit"]]);
    expect(p(54.9)).toEqual([]);
    expect(p(null)).toEqual([]);
  });

  it("the averaging time must fit in the period (exactly fitting is fine), midnight crossing included", () => {
    expect(problems([row({ from: "07:00", to: "07:30", averagingMinutes: 60 })])).toEqual([
      [0, "averagingMinutes", "Row 1 (Day): the averaging time (1 h) is longer than the period (30 min)"],
    ]);
    expect(problems([row({ from: "07:00", to: "07:30", averagingMinutes: 30 })])).toEqual([]);
    expect(problems([row({ from: "07:00", to: "07:30", averagingMinutes: null })])).toEqual([]);
    // 23:50 → 00:05 is 15 minutes.
    expect(problems([row({ from: "23:50", to: "00:05", averagingMinutes: 15 })])).toEqual([]);
    expect(problems([row({ from: "23:50", to: "00:05", averagingMinutes: 30 })])).toEqual([
      [0, "averagingMinutes", "Row 1 (Day): the averaging time (30 min) is longer than the period (15 min)"],
    ]);
    expect(problems([row({ from: "06:00", to: "06:55", averagingMinutes: 60 })])).toEqual([
      [0, "averagingMinutes", "Row 1 (Day): the averaging time (1 h) is longer than the period (55 min)"],
    ]);
    // An hour and 5 minutes fits an hour.
    expect(problems([row({ from: "23:30", to: "00:35", averagingMinutes: 60 })])).toEqual([]);
  });

  it("levels must lie in 20–140 dB, both ends included", () => {
    expect(problems([row({ triggerDb: 20, limitDb: 140 })])).toEqual([]);
    expect(problems([row({ triggerDb: 19.9, limitDb: 65 })])).toEqual([
      [0, "triggerDb", "Row 1 (Day): the trigger level must be between 20 and 140 dB"],
    ]);
    expect(problems([row({ triggerDb: null, limitDb: 140.1 })])).toEqual([
      [0, "limitDb", "Row 1 (Day): the limit must be between 20 and 140 dB"],
    ]);
    expect(problems([row({ triggerDb: null, limitDb: 19 })])).toEqual([
      [0, "limitDb", "Row 1 (Day): the limit must be between 20 and 140 dB"],
    ]);
    expect(problems([row({ triggerDb: 141, limitDb: 150 })]).map((p) => p[1])).toEqual(["triggerDb", "limitDb"]);
    expect(problems([row({ triggerDb: null, limitDb: Number.NaN })]).map((p) => p[1])).toEqual(["limitDb"]);
  });

  it("names rows without a label by number, and reports malformed times", () => {
    expect(problems([row({ label: " ", from: "7am", to: "25:00" })])).toEqual([
      [0, "from", "Row 1: use HH:MM (24-hour) for the start"],
      [0, "to", "Row 1: use HH:MM (24-hour) for the end"],
    ]);
  });

  describe("overlaps of one metric", () => {
    const day = row({ label: "Day" });
    const evening = row({ label: "Evening", days: [1], from: "18:00", to: "23:00" });

    it("are reported on the later row, naming the earlier one and the day", () => {
      expect(problems([day, row({ label: "Lunch", days: [3] }), evening])).toEqual([
        [1, "from", "Row 2 (Lunch) overlaps row 1 (Day) on Wednesday"],
        [2, "from", "Row 3 (Evening) overlaps row 1 (Day) on Monday"],
      ]);
    });

    it("come in row order with the rows' other problems", () => {
      const loud = row({ label: "Loud", days: [6], triggerDb: 70, limitDb: 70 });
      expect(problems([day, evening, loud]).map((p) => p[0])).toEqual([1, 2]);
    });

    it("either way round", () => {
      expect(problems([evening, day])).toEqual([[1, "from", "Row 2 (Day) overlaps row 1 (Evening) on Monday"]]);
    });

    it("list every day they start on, from Monday", () => {
      expect(problems([day, row({ label: "Lunch", days: ALL, from: "12:00", to: "13:00" })])).toEqual([
        [1, "from", "Row 2 (Lunch) overlaps row 1 (Day) on Monday, Tuesday, Wednesday, Thursday and Friday"],
      ]);
      expect(problems([day, row({ label: "Lunch", days: [5, 1], from: "12:00", to: "13:00" })])).toEqual([
        [1, "from", "Row 2 (Lunch) overlaps row 1 (Day) on Monday and Friday"],
      ]);
    });

    it("against each earlier row", () => {
      const third = row({ label: "All", days: [1], from: "00:00", to: "23:59" });
      expect(problems([day, evening, third]).map((p) => p[2])).toEqual([
        "Row 2 (Evening) overlaps row 1 (Day) on Monday",
        "Row 3 (All) overlaps row 1 (Day) on Monday",
        "Row 3 (All) overlaps row 2 (Evening) on Monday",
      ]);
    });

    it("not when one ends as the other starts", () => {
      expect(problems([day, row({ label: "Evening", days: [1], from: "19:00", to: "23:00" })])).toEqual([]);
      expect(problems([day, row({ label: "Morning", days: [1], from: "05:00", to: "07:00" })])).toEqual([]);
      // Saturday night ends at 07:00 on Sunday, as Sunday's day starts.
      expect(
        problems([
          row({ label: "Night", days: [6], from: "23:00", to: "07:00" }),
          row({ label: "Sunday", days: [0], from: "07:00", to: "23:00" }),
        ]),
      ).toEqual([]);
    });

    it("after midnight, on the next day: a Monday night overlaps Tuesday morning", () => {
      expect(
        problems([
          row({ label: "Night", days: [1], from: "23:00", to: "07:00" }),
          row({ label: "Early", days: [2], from: "06:00", to: "08:00" }),
        ]),
      ).toEqual([[1, "from", "Row 2 (Early) overlaps row 1 (Night) on Tuesday"]]);
    });

    it("Sunday night runs into Monday, and Saturday night round the week into Sunday", () => {
      const sundayNight = row({ label: "Sunday night", days: [0], from: "23:00", to: "07:00" });
      const mondayEarly = row({ label: "Monday early", days: [1], from: "00:00", to: "06:00" });
      expect(problems([sundayNight, mondayEarly])).toEqual([
        [1, "from", "Row 2 (Monday early) overlaps row 1 (Sunday night) on Monday"],
      ]);
      expect(problems([mondayEarly, sundayNight])).toEqual([
        [1, "from", "Row 2 (Sunday night) overlaps row 1 (Monday early) on Monday"],
      ]);
      const saturdayNight = row({ label: "Saturday night", days: [6], from: "23:00", to: "07:00" });
      const sundayEarly = row({ label: "Sunday early", days: [0], from: "00:00", to: "06:00" });
      expect(problems([saturdayNight, sundayEarly])).toEqual([
        [1, "from", "Row 2 (Sunday early) overlaps row 1 (Saturday night) on Sunday"],
      ]);
      expect(problems([sundayEarly, saturdayNight])).toEqual([
        [1, "from", "Row 2 (Saturday night) overlaps row 1 (Sunday early) on Sunday"],
      ]);
      // Two Saturday nights overlap from Saturday 23:00 on: named once, by Saturday.
      expect(problems([saturdayNight, { ...saturdayNight, label: "Again" }])).toEqual([
        [1, "from", "Row 2 (Again) overlaps row 1 (Saturday night) on Saturday"],
      ]);
    });

    it("rows of different metrics may overlap", () => {
      expect(
        problems([day, { ...day, label: "Max", metric: "LAFMax" }, { ...day, label: "Peak", metric: "LCPeak" }]),
      ).toEqual([]);
    });

    it("a row starting and ending at the same time is reported for that, not also as an overlap", () => {
      expect(problems([day, row({ label: "Broken", days: [1], from: "12:00", to: "12:00" })]).map((p) => p[1])).toEqual(
        ["to"],
      );
    });

    /** Brute force: two rows overlap where some minute of the week has both in force; the days it starts on are named. */
    function modelOverlapDays(a: ScheduleRow, b: ScheduleRow): number[] {
      const both = (m: number) => {
        const w = ((m % 10080) + 10080) % 10080;
        return appliesAtClock(a, Math.floor(w / 1440), w % 1440) && appliesAtClock(b, Math.floor(w / 1440), w % 1440);
      };
      const days = new Set<number>();
      for (let m = 0; m < 10080; m++) if (both(m) && !both(m - 1)) days.add(Math.floor(m / 1440));
      return [1, 2, 3, 4, 5, 6, 0].filter((d) => days.has(d));
    }
    const NAMES = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
    const words = (days: number[]) => {
      const names = days.map((d) => NAMES[d]!);
      return names.length === 1 ? names[0] : `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
    };

    it("are found exactly where the minute-by-minute model finds them", () => {
      const validRowArb = fc
        .record({
          days: daysArb,
          from: minuteArb,
          length: fc.integer({ min: 1, max: 1439 }),
          metric: fc.constantFrom("LAeq", "LAFMax"),
        })
        .map(({ days, from, length, metric }) =>
          row({
            days,
            from: hhmm(from),
            to: hhmm((from + length) % 1440),
            metric: metric as ScheduleRow["metric"],
            averagingMinutes: null,
          }),
        );
      fc.assert(
        fc.property(fc.array(validRowArb, { minLength: 1, maxLength: 4 }), (rows) => {
          const labelled = rows.map((r, i) => ({ ...r, label: `R${i}` }));
          const expected: string[] = [];
          labelled.forEach((later, j) =>
            labelled.slice(0, j).forEach((earlier, i) => {
              if (earlier.metric !== later.metric) return;
              const days = modelOverlapDays(later, earlier);
              if (days.length) expected.push(`Row ${j + 1} (R${j}) overlaps row ${i + 1} (R${i}) on ${words(days)}`);
            }),
          );
          expect(scheduleProblems(labelled).map((p) => p.message)).toEqual(expected);
        }),
        { numRuns: 150 },
      );
    });
  });
});

describe("localToInstant", () => {
  it("reads a local date and time in the zone, winter and summer", () => {
    expect(localToInstant(2026, 1, 15, 12 * 60, LONDON).toISOString()).toBe("2026-01-15T12:00:00.000Z");
    expect(localToInstant(2026, 7, 15, 12 * 60, LONDON).toISOString()).toBe("2026-07-15T11:00:00.000Z");
    expect(localToInstant(2026, 1, 1, 0, "Asia/Kolkata").toISOString()).toBe("2025-12-31T18:30:00.000Z");
    expect(localToInstant(2026, 1, 1, 0, "UTC").toISOString()).toBe("2026-01-01T00:00:00.000Z");
  });

  it("rolls days and minutes over", () => {
    expect(localToInstant(2026, 12, 32, 0, "UTC").toISOString()).toBe("2027-01-01T00:00:00.000Z");
    expect(localToInstant(2026, 3, 28, 24 * 60 + 7 * 60, LONDON).toISOString()).toBe("2026-03-29T06:00:00.000Z");
  });

  it("moves a time the clocks skipped to the next existing minute", () => {
    // 29 March 2026: 01:00 GMT becomes 02:00 BST, at 01:00Z. 01:30 never happens; 02:00 BST is 01:00Z.
    expect(localToInstant(2026, 3, 29, 90, LONDON).toISOString()).toBe("2026-03-29T01:00:00.000Z");
    expect(localToInstant(2026, 3, 29, 60, LONDON).toISOString()).toBe("2026-03-29T01:00:00.000Z");
    expect(localToInstant(2026, 3, 29, 119, LONDON).toISOString()).toBe("2026-03-29T01:00:00.000Z");
    expect(localToInstant(2026, 3, 29, 59, LONDON).toISOString()).toBe("2026-03-29T00:59:00.000Z");
    expect(localToInstant(2026, 3, 29, 120, LONDON).toISOString()).toBe("2026-03-29T01:00:00.000Z");
    expect(localToInstant(2026, 3, 29, 121, LONDON).toISOString()).toBe("2026-03-29T01:01:00.000Z");
    // New York, 8 March 2026: 02:00 EST becomes 03:00 EDT at 07:00Z.
    expect(localToInstant(2026, 3, 8, 150, "America/New_York").toISOString()).toBe("2026-03-08T07:00:00.000Z");
    // Lord Howe moves its clocks by half an hour: 4 October 2026, 02:00 (+10:30) becomes 02:30 (+11) at 15:30Z.
    expect(localToInstant(2026, 10, 4, 135, "Australia/Lord_Howe").toISOString()).toBe("2026-10-03T15:30:00.000Z");
  });

  it("takes the first occurrence of a time the clocks repeated", () => {
    // 25 October 2026: 02:00 BST becomes 01:00 GMT at 01:00Z; 01:30 happens at 00:30Z (BST) and 01:30Z (GMT).
    expect(localToInstant(2026, 10, 25, 90, LONDON).toISOString()).toBe("2026-10-25T00:30:00.000Z");
    expect(localToInstant(2026, 10, 25, 60, LONDON).toISOString()).toBe("2026-10-25T00:00:00.000Z");
    expect(localToInstant(2026, 10, 25, 59, LONDON).toISOString()).toBe("2026-10-24T23:59:00.000Z");
    expect(localToInstant(2026, 10, 25, 120, LONDON).toISOString()).toBe("2026-10-25T02:00:00.000Z");
    // New York, 1 November 2026: 01:30 EDT (05:30Z) comes before 01:30 EST (06:30Z).
    expect(localToInstant(2026, 11, 1, 90, "America/New_York").toISOString()).toBe("2026-11-01T05:30:00.000Z");
    // Lord Howe, 5 April 2026: 02:00 (+11) becomes 01:30 (+10:30) at 15:00Z; 01:45 first happens at 14:45Z.
    expect(localToInstant(2026, 4, 5, 105, "Australia/Lord_Howe").toISOString()).toBe("2026-04-04T14:45:00.000Z");
  });
});

/** Wall clock at an instant as ms of a UTC date: the model's own reading, independent of the module. */
const wallFormats = new Map<string, Intl.DateTimeFormat>();
function wallAt(ms: number, timeZone: string): number {
  let f = wallFormats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
    });
    wallFormats.set(timeZone, f);
  }
  const p = Object.fromEntries(f.formatToParts(new Date(ms)).map((x) => [x.type, Number(x.value)]));
  return Date.UTC(p.year!, p.month! - 1, p.day!, p.hour! % 24, p.minute!);
}

describe("rowPeriods", () => {
  it("a period crossing midnight ends on the next day, and belongs to the day it started", () => {
    // 1 June 2026 is a Monday.
    const night = row({ label: "Night", days: [1], from: "23:00", to: "07:00" });
    expect(spans(rowPeriods(night, at("2026-06-01T00:00:00Z"), at("2026-06-03T00:00:00Z"), "UTC"))).toEqual([
      ["2026-06-01T23:00:00.000Z", "2026-06-02T07:00:00.000Z"],
    ]);
    // Asked from Tuesday 03:00 only, Monday's night is still found.
    expect(spans(rowPeriods(night, at("2026-06-02T03:00:00Z"), at("2026-06-02T04:00:00Z"), "UTC"))).toEqual([
      ["2026-06-01T23:00:00.000Z", "2026-06-02T07:00:00.000Z"],
    ]);
  });

  it("returns whole periods overlapping [from, to): touching at either end is not overlapping", () => {
    const day = row({ days: [1] });
    const span = (from: string, to: string) => spans(rowPeriods(day, at(from), at(to), "UTC"));
    const monday = [["2026-06-01T07:00:00.000Z", "2026-06-01T19:00:00.000Z"]];
    expect(span("2026-06-01T06:00:00Z", "2026-06-01T07:00:00Z")).toEqual([]);
    expect(span("2026-06-01T06:00:00Z", "2026-06-01T07:00:00.001Z")).toEqual(monday);
    expect(span("2026-06-01T19:00:00Z", "2026-06-01T20:00:00Z")).toEqual([]);
    expect(span("2026-06-01T18:59:59.999Z", "2026-06-01T20:00:00Z")).toEqual(monday);
    expect(span("2026-06-01T12:00:00Z", "2026-06-01T12:00:00Z")).toEqual([]);
    expect(span("2026-06-01T13:00:00Z", "2026-06-01T12:00:00Z")).toEqual([]);
  });

  it("follows the site's timezone, and lists every day in order", () => {
    expect(spans(rowPeriods(row(), at("2026-06-05T00:00:00Z"), at("2026-06-09T00:00:00Z"), LONDON))).toEqual([
      ["2026-06-05T06:00:00.000Z", "2026-06-05T18:00:00.000Z"], // Friday, BST
      ["2026-06-08T06:00:00.000Z", "2026-06-08T18:00:00.000Z"], // Monday
    ]);
  });

  it("the night the clocks go forward lasts 7 hours: Saturday 28 March 2026, 23:00 GMT to 07:00 BST", () => {
    const night = row({ label: "Night", days: ALL, from: "23:00", to: "07:00", averagingMinutes: null });
    // The change (01:00 GMT → 02:00 BST on Sunday) falls in the night that starts on Saturday.
    const periods = rowPeriods(night, at("2026-03-27T12:00:00Z"), at("2026-03-30T12:00:00Z"), LONDON);
    expect(spans(periods)).toEqual([
      ["2026-03-27T23:00:00.000Z", "2026-03-28T07:00:00.000Z"],
      ["2026-03-28T23:00:00.000Z", "2026-03-29T06:00:00.000Z"],
      ["2026-03-29T22:00:00.000Z", "2026-03-30T06:00:00.000Z"],
    ]);
    expect(periods.map((p) => (p.end.getTime() - p.start.getTime()) / HOUR)).toEqual([8, 7, 8]);
  });

  it("the night the clocks go back lasts 9 hours: Saturday 24 October 2026, 23:00 BST to 07:00 GMT", () => {
    const night = row({ label: "Night", days: ALL, from: "23:00", to: "07:00", averagingMinutes: null });
    // The change (02:00 BST → 01:00 GMT on Sunday) falls in the night that starts on Saturday.
    const periods = rowPeriods(night, at("2026-10-24T12:00:00Z"), at("2026-10-26T12:00:00Z"), LONDON);
    expect(spans(periods)).toEqual([
      ["2026-10-24T22:00:00.000Z", "2026-10-25T07:00:00.000Z"],
      ["2026-10-25T23:00:00.000Z", "2026-10-26T07:00:00.000Z"],
    ]);
    expect(periods.map((p) => (p.end.getTime() - p.start.getTime()) / HOUR)).toEqual([9, 8]);
  });

  it("a Sunday period starting in skipped time starts when the clocks go forward; one wholly inside it never happens", () => {
    const early = row({ days: [0], from: "01:30", to: "03:00" });
    expect(spans(rowPeriods(early, at("2026-03-28T00:00:00Z"), at("2026-03-30T00:00:00Z"), LONDON))).toEqual([
      ["2026-03-29T01:00:00.000Z", "2026-03-29T02:00:00.000Z"],
    ]);
    const skipped = row({ days: [0], from: "01:15", to: "01:45" });
    expect(rowPeriods(skipped, at("2026-03-28T00:00:00Z"), at("2026-03-30T00:00:00Z"), LONDON)).toEqual([]);
  });

  it("a period starting in repeated time starts at its first occurrence", () => {
    const early = row({ days: [0], from: "01:30", to: "03:00" });
    // 01:30 BST = 00:30Z to 03:00 GMT = 03:00Z: 2 h 30 min.
    expect(spans(rowPeriods(early, at("2026-10-24T00:00:00Z"), at("2026-10-26T00:00:00Z"), LONDON))).toEqual([
      ["2026-10-25T00:30:00.000Z", "2026-10-25T03:00:00.000Z"],
    ]);
  });

  it("a whole-day row (from = to, only in legacy schedules) runs from `from` to `from` the next day", () => {
    const whole = row({ days: [1], from: "06:00", to: "06:00" });
    expect(spans(rowPeriods(whole, at("2026-06-01T00:00:00Z"), at("2026-06-03T00:00:00Z"), "UTC"))).toEqual([
      ["2026-06-01T06:00:00.000Z", "2026-06-02T06:00:00.000Z"],
    ]);
  });

  it("where the clocks change at midnight (Santiago: Saturday 24:00 → Sunday 01:00), a day's range reaches the day after next", () => {
    // 5 September 2026, 23:30 −04 (03:30Z) to 24 hours later, Monday 00:30 −03 (03:30Z).
    const monday = row({ days: [1], from: "00:00", to: "01:00" });
    expect(
      spans(rowPeriods(monday, at("2026-09-06T03:30:00Z"), at("2026-09-07T03:30:00Z"), "America/Santiago")),
    ).toEqual([["2026-09-07T03:00:00.000Z", "2026-09-07T04:00:00.000Z"]]);
    // Sunday 00:00 never happens: Sunday's period starts at 01:00 −03.
    const sunday = row({ days: [0], from: "00:00", to: "02:00" });
    expect(
      spans(rowPeriods(sunday, at("2026-09-05T12:00:00Z"), at("2026-09-06T12:00:00Z"), "America/Santiago")),
    ).toEqual([["2026-09-06T04:00:00.000Z", "2026-09-06T05:00:00.000Z"]]);
  });

  it("knows the weekday before 1970 too", () => {
    // 22 December 1969 was a Monday.
    expect(
      spans(rowPeriods(row({ days: [1] }), at("1969-12-20T00:00:00Z"), at("1969-12-27T00:00:00Z"), "UTC")),
    ).toEqual([["1969-12-22T07:00:00.000Z", "1969-12-22T19:00:00.000Z"]]);
  });

  it("has no periods for a malformed row", () => {
    expect(rowPeriods(row({ from: "7:00" }), at("2026-06-01T00:00:00Z"), at("2026-06-08T00:00:00Z"), "UTC")).toEqual(
      [],
    );
  });

  /** A moment near a clock change in the zone (or an ordinary day), give or take a few days. */
  const CHANGES: Record<string, number[]> = {
    [LONDON]: [Date.UTC(2026, 2, 29), Date.UTC(2026, 9, 25), Date.UTC(2026, 5, 10)],
    "America/New_York": [Date.UTC(2026, 2, 8), Date.UTC(2026, 10, 1)],
    "Australia/Lord_Howe": [Date.UTC(2026, 3, 5), Date.UTC(2026, 9, 4)],
    "America/Santiago": [Date.UTC(2026, 3, 5), Date.UTC(2026, 8, 6)],
  };
  const rangeArb = (zones: string[]) =>
    fc
      .constantFrom(...zones)
      .chain((zone) =>
        fc.record({
          zone: fc.constant(zone),
          base: fc.constantFrom(...CHANGES[zone]!),
          offset: fc.integer({ min: -3 * 1440, max: 1440 }),
          length: fc.integer({ min: 1, max: 3 * 1440 }),
        }),
      )
      .map(({ zone, base, offset, length }) => ({
        zone,
        from: base + offset * MIN,
        to: base + (offset + length) * MIN,
      }));

  it("covers exactly the minutes at which the wall clock says the row applies", () => {
    fc.assert(
      fc.property(anyTimesRowArb, rangeArb([LONDON, "America/New_York"]), (r, { zone, from, to }) => {
        const periods = rowPeriods(r, new Date(from), new Date(to), zone);
        const boundaries = [minutesOf(r.from), minutesOf(r.to)];
        for (let t = from; t < to; t += MIN) {
          const clock = localClock(new Date(t), zone);
          // The hour the clocks repeat is read twice on the wall: a period from or to 01:30 then starts or
          // ends at the first 01:30, which a wall-clock reading cannot say. The exact model below covers it.
          const repeated = [-HOUR, HOUR].some((d) => {
            const other = localClock(new Date(t + d), zone);
            return other.minutes === clock.minutes && other.weekday === clock.weekday;
          });
          if (repeated && boundaries.some((b) => Math.abs(b - clock.minutes) < 120)) continue;
          const inside = periods.some((p) => p.start.getTime() <= t && t < p.end.getTime());
          if (inside !== appliesAtClock(r, clock.weekday, clock.minutes)) return false;
        }
        return true;
      }),
      { numRuns: 60 },
    );
  });

  it("starts and ends each period at the first instant the wall clock reads at or after its times", () => {
    fc.assert(
      fc.property(
        anyTimesRowArb,
        rangeArb(Object.keys(CHANGES)),
        fc.integer({ min: 0, max: MIN - 1 }),
        (r, { zone, from, to }, ms) => {
          const a = from + ms;
          const b = to + ms;
          // Scan from 26 h before a (a period overlapping a starts at most a day and an hour of clock change
          // before it) to 27 h after b (one starting before b ends within a day and an hour).
          const lo = a - 26 * HOUR - ((a - 26 * HOUR) % MIN);
          const walls: number[] = [];
          for (let t = lo; t < b + 27 * HOUR; t += MIN) walls.push(wallAt(t, zone));
          const firstAtOrAfter = (wall: number) => lo + walls.findIndex((w) => w >= wall) * MIN;
          const from0 = minutesOf(r.from);
          const length = (minutesOf(r.to) - from0 + 1440) % 1440 || 1440;
          const expected: [number, number][] = [];
          for (let day = Math.floor(walls[0]! / DAY); day <= Math.floor(walls.at(-1)! / DAY); day++) {
            const startWall = day * DAY + from0 * MIN;
            const endWall = startWall + length * MIN;
            // Outside the scan: ends over 2 h before a, or starts over 3 h after b.
            if (startWall < walls[0]! || endWall > walls.at(-1)!) continue;
            if (!r.days.includes(new Date(day * DAY).getUTCDay())) continue;
            const s = firstAtOrAfter(startWall);
            const e = firstAtOrAfter(endWall);
            if (s < e && e > a && s < b) expected.push([s, e]);
          }
          const actual = rowPeriods(r, new Date(a), new Date(b), zone).map((p) => [p.start.getTime(), p.end.getTime()]);
          expect(actual).toEqual(expected);
        },
      ),
      { numRuns: 50 },
    );
  });
});

describe("averagingWindows", () => {
  const period = (start: string, end: string) => ({ start: at(start), end: at(end) });

  it("cuts a period into windows aligned to its start", () => {
    expect(spans(averagingWindows(period("2026-06-01T06:00:00Z", "2026-06-01T09:00:00Z"), 60))).toEqual([
      ["2026-06-01T06:00:00.000Z", "2026-06-01T07:00:00.000Z"],
      ["2026-06-01T07:00:00.000Z", "2026-06-01T08:00:00.000Z"],
      ["2026-06-01T08:00:00.000Z", "2026-06-01T09:00:00.000Z"],
    ]);
  });

  it("ends the last window at the period's end, shorter when the period is not a whole number of windows", () => {
    expect(spans(averagingWindows(period("2026-06-01T07:00:00Z", "2026-06-01T07:50:00Z"), 15))).toEqual([
      ["2026-06-01T07:00:00.000Z", "2026-06-01T07:15:00.000Z"],
      ["2026-06-01T07:15:00.000Z", "2026-06-01T07:30:00.000Z"],
      ["2026-06-01T07:30:00.000Z", "2026-06-01T07:45:00.000Z"],
      ["2026-06-01T07:45:00.000Z", "2026-06-01T07:50:00.000Z"],
    ]);
    expect(spans(averagingWindows(period("2026-06-01T07:05:00Z", "2026-06-01T07:10:00Z"), 5))).toEqual([
      ["2026-06-01T07:05:00.000Z", "2026-06-01T07:10:00.000Z"],
    ]);
  });

  it("null is the whole period; an empty period has no windows", () => {
    expect(spans(averagingWindows(period("2026-06-01T07:00:00Z", "2026-06-01T19:00:00Z"), null))).toEqual([
      ["2026-06-01T07:00:00.000Z", "2026-06-01T19:00:00.000Z"],
    ]);
    expect(averagingWindows(period("2026-06-01T07:00:00Z", "2026-06-01T07:00:00Z"), 60)).toEqual([]);
    expect(averagingWindows(period("2026-06-01T07:00:00Z", "2026-06-01T07:00:00Z"), null)).toEqual([]);
  });

  it("a 7-hour DST night has 7 hourly windows, the 9-hour one 9", () => {
    expect(averagingWindows(period("2026-03-28T23:00:00Z", "2026-03-29T06:00:00Z"), 60)).toHaveLength(7);
    const autumn = averagingWindows(period("2026-10-24T22:00:00Z", "2026-10-25T07:00:00Z"), 60);
    expect(autumn).toHaveLength(9);
    expect(autumn[2]!.start.toISOString()).toBe("2026-10-25T00:00:00.000Z");
  });

  it("partitions the period", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 26 * 60 }),
        fc.constantFrom(5, 15, 30, 60),
        fc.integer({ min: 0, max: 1e6 }),
        (minutes, t, startMinute) => {
          const start = Date.UTC(2026, 0, 1) + startMinute * MIN;
          const windows = averagingWindows({ start: new Date(start), end: new Date(start + minutes * MIN) }, t);
          expect(windows).toHaveLength(Math.ceil(minutes / t));
          windows.forEach((w, i) => {
            expect(w.start.getTime()).toBe(start + i * t * MIN);
            expect(w.end.getTime()).toBe(Math.min(start + (i + 1) * t * MIN, start + minutes * MIN));
          });
        },
      ),
    );
  });
});

describe("periodInProgress", () => {
  const rows = [
    row({ label: "Day" }),
    row({ label: "Night", days: ALL, from: "23:00", to: "07:00", averagingMinutes: null, triggerDb: 50, limitDb: 55 }),
    row({
      label: "Night max",
      metric: "LAFMax",
      days: ALL,
      from: "23:00",
      to: "07:00",
      averagingMinutes: 15,
      triggerDb: null,
      limitDb: 80,
    }),
  ];
  const inProgress = (iso: string) =>
    periodInProgress(rows, at(iso), LONDON).map((p) => [
      p.rowIndex,
      p.row.label,
      ...spans([p.period, p.window]).flat(),
    ]);

  it("finds the period and the window containing the moment (Tuesday 2 June 2026, BST)", () => {
    expect(inProgress("2026-06-02T07:30:00Z")).toEqual([
      [
        0,
        "Day",
        "2026-06-02T06:00:00.000Z",
        "2026-06-02T18:00:00.000Z",
        "2026-06-02T07:00:00.000Z",
        "2026-06-02T08:00:00.000Z",
      ],
    ]);
  });

  it("a period starts at its `from` and the first window with it", () => {
    expect(inProgress("2026-06-02T06:00:00Z")).toEqual([
      [
        0,
        "Day",
        "2026-06-02T06:00:00.000Z",
        "2026-06-02T18:00:00.000Z",
        "2026-06-02T06:00:00.000Z",
        "2026-06-02T07:00:00.000Z",
      ],
    ]);
  });

  it("a moment before 07:00 is still in the night that began the evening before", () => {
    expect(inProgress("2026-06-02T05:59:59.999Z")).toEqual([
      [
        1,
        "Night",
        "2026-06-01T22:00:00.000Z",
        "2026-06-02T06:00:00.000Z",
        "2026-06-01T22:00:00.000Z",
        "2026-06-02T06:00:00.000Z",
      ],
      [
        2,
        "Night max",
        "2026-06-01T22:00:00.000Z",
        "2026-06-02T06:00:00.000Z",
        "2026-06-02T05:45:00.000Z",
        "2026-06-02T06:00:00.000Z",
      ],
    ]);
  });

  it("at a period's end it is over: 19:00 on a weekday has nothing in progress", () => {
    expect(inProgress("2026-06-02T18:00:00Z")).toEqual([]);
    expect(inProgress("2026-06-06T09:00:00Z")).toEqual([]); // Saturday 10:00
  });

  it("agrees with rowPeriods and averagingWindows", () => {
    fc.assert(
      fc.property(
        fc.array(anyTimesRowArb, { minLength: 1, maxLength: 3 }),
        fc.integer({ min: 0, max: 365 * 1440 * 60 }),
        (rs, second) => {
          const t = Date.UTC(2026, 0, 1) + second * 1000;
          const expected = rs.flatMap((r, rowIndex) => {
            const period = rowPeriods(r, new Date(t - 2 * DAY), new Date(t + 2 * DAY), LONDON).find(
              (p) => p.start.getTime() <= t && t < p.end.getTime(),
            );
            if (!period) return [];
            const window = averagingWindows(period, r.averagingMinutes).find(
              (w) => w.start.getTime() <= t && t < w.end.getTime(),
            )!;
            return [{ rowIndex, row: r, period, window }];
          });
          expect(periodInProgress(rs, new Date(t), LONDON)).toEqual(expected);
        },
      ),
      { numRuns: 150 },
    );
  });

  it("nothing for an invalid moment", () => {
    expect(periodInProgress(rows, new Date(Number.NaN), LONDON)).toEqual([]);
  });
});

describe("rowsAt", () => {
  const night = row({ label: "Night", days: ALL, from: "23:00", to: "07:00", limitDb: 55, triggerDb: null });
  const nightMax = row({
    label: "Night max",
    metric: "LAFMax",
    days: ALL,
    from: "23:00",
    to: "07:00",
    limitDb: 80,
    triggerDb: null,
  });
  const labels = (rows: ScheduleRow[], iso: string) => rowsAt(rows, at(iso), "UTC").map((r) => r.label);

  it("one row per metric, in NOISE_METRICS order whatever the rows' order", () => {
    expect(labels([nightMax, row(), night], "2026-06-02T23:00:00Z")).toEqual(["Night", "Night max"]);
    expect(labels([nightMax, row(), night], "2026-06-02T07:00:00Z")).toEqual(["Day"]);
    expect(labels([nightMax, row(), night], "2026-06-02T06:59:59Z")).toEqual(["Night", "Night max"]);
    expect(labels([nightMax, row()], "2026-06-06T12:00:00Z")).toEqual([]);
  });

  it("with overlapping rows of one metric (legacy schedules) the lowest limit wins, the first on a tie", () => {
    const quiet = row({ label: "Quiet", days: [2], from: "12:00", to: "14:00", limitDb: 50, triggerDb: null });
    const alsoQuiet = { ...quiet, label: "Also quiet" };
    const rows = [row(), quiet, alsoQuiet];
    expect(labels(rows, "2026-06-02T11:59:00Z")).toEqual(["Day"]);
    expect(labels(rows, "2026-06-02T12:00:00Z")).toEqual(["Quiet"]);
    expect(labels([row(), alsoQuiet, quiet], "2026-06-02T13:59:00Z")).toEqual(["Also quiet"]);
    expect(labels([quiet, row({ limitDb: 50 })], "2026-06-02T13:00:00Z")).toEqual(["Quiet"]);
    expect(labels([row({ limitDb: 50 }), quiet], "2026-06-02T13:00:00Z")).toEqual(["Day"]);
    expect(labels([row({ limitDb: 49.9 }), quiet], "2026-06-02T13:00:00Z")).toEqual(["Day"]);
    expect(labels(rows, "2026-06-02T14:00:00Z")).toEqual(["Day"]);
  });

  it("matches the wall clock: per metric the lowest limit among the rows that apply", () => {
    const rowArb = fc
      .tuple(anyTimesRowArb, fc.constantFrom(...NOISE_METRICS), fc.integer({ min: 40, max: 90 }))
      .map(([r, metric, limitDb]) => ({ ...r, metric, limitDb, triggerDb: null }));
    fc.assert(
      fc.property(
        fc.array(rowArb, { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 0, max: 52 * 10080 }),
        (rs, minute) => {
          const t = new Date(Date.UTC(2026, 0, 4) + minute * MIN);
          const { weekday, minutes } = localClock(t, "UTC");
          const expected = NOISE_METRICS.flatMap((metric) => {
            let best: ScheduleRow | undefined;
            for (const r of rs)
              if (r.metric === metric && appliesAtClock(r, weekday, minutes) && (!best || r.limitDb < best.limitDb))
                best = r;
            return best ? [best] : [];
          });
          expect(rowsAt(rs, t, "UTC")).toEqual(expected);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("formatRowTime", () => {
  it("says the days and the times as people read them", () => {
    expect(formatRowTime(row())).toBe("Mon–Fri 07:00–19:00");
    expect(formatRowTime(row({ days: ALL, from: "23:00", to: "07:00" }))).toBe("Every day 23:00–07:00");
    expect(formatRowTime(row({ days: [6], from: "13:00", to: "23:00" }))).toBe("Sat 13:00–23:00");
  });

  it("groups runs of days, from Monday, a run over the weekend kept whole", () => {
    expect(formatDays([6, 0])).toBe("Sat, Sun");
    expect(formatDays([5, 1, 3, 3])).toBe("Mon, Wed, Fri");
    expect(formatDays([5, 6, 0, 1])).toBe("Fri–Mon");
    expect(formatDays([0, 1, 2, 3, 4])).toBe("Sun–Thu");
    expect(formatDays([0, 1, 2, 3, 4, 5])).toBe("Sun–Fri");
    expect(formatDays([1, 2, 3, 4, 5, 6])).toBe("Mon–Sat");
    expect(formatDays([0, 1, 3])).toBe("Sun, Mon, Wed");
    expect(formatDays([0, 3])).toBe("Wed, Sun");
    expect(formatDays([1, 2])).toBe("Mon, Tue");
    expect(formatDays([1, 2, 3, 5, 6])).toBe("Mon–Wed, Fri, Sat");
    expect(formatDays([0])).toBe("Sun");
    expect(formatDays([ALL, [7, -1, 2.5]].flat())).toBe("Every day");
    expect(formatDays([])).toBe("No days");
  });

  it("names every chosen day once, and no other", () => {
    const SHORT = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
    const ORDER = [1, 2, 3, 4, 5, 6, 0];
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 0, max: 6 }), { minLength: 1, maxLength: 6 }), (days) => {
        // Expand "A–B" runs and compare with the chosen days.
        const named = formatDays(days)
          .split(", ")
          .flatMap((part) => {
            const [a, b] = part.split("–");
            if (!b) return [SHORT.indexOf(a!)];
            const out: number[] = [];
            for (let p = ORDER.indexOf(SHORT.indexOf(a!)); ; p++) {
              out.push(ORDER[p % 7]!);
              if (ORDER[p % 7] === SHORT.indexOf(b)) break;
            }
            return out;
          });
        return named.length === days.length && [...named].sort().join() === [...days].sort().join();
      }),
    );
  });
});
