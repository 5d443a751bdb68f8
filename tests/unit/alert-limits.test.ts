/** Time-of-day and weekday limits of the noise rule, at the boundary hours, in a non-UTC timezone. */
import { describe, expect, it } from "vitest";
import { exceedanceWindows } from "@/server/services/alerts";
import { RULE_KINDS } from "@/lib/domain";
import { DEFAULT_RULES, limitAt, RULE_PARAMS, type LevelLimit } from "@/server/services/alerts";

const ALL = [0, 1, 2, 3, 4, 5, 6];
const WEEKDAYS = [1, 2, 3, 4, 5];
const limits: LevelLimit[] = [
  { label: "Day", days: ALL, from: "07:00", to: "23:00", level: 75 },
  { label: "Night", days: ALL, from: "23:00", to: "07:00", level: 55 },
];
const at = (iso: string) => new Date(iso);

describe("limitAt (Europe/London, British Summer Time = UTC+1)", () => {
  it("switches from night to day at 07:00 local, not 07:00 UTC", () => {
    expect(limitAt(limits, at("2025-06-11T05:59:59Z"), "Europe/London")?.label).toBe("Night"); // 06:59:59 local
    expect(limitAt(limits, at("2025-06-11T06:00:00Z"), "Europe/London")?.label).toBe("Day"); // 07:00 local
    expect(limitAt(limits, at("2025-06-11T06:00:00Z"), "UTC")?.label).toBe("Night");
  });

  it("switches from day to night at 23:00 local", () => {
    expect(limitAt(limits, at("2025-06-11T21:59:59Z"), "Europe/London")?.label).toBe("Day"); // 22:59:59 local
    expect(limitAt(limits, at("2025-06-11T22:00:00Z"), "Europe/London")?.label).toBe("Night"); // 23:00 local
  });

  it("follows the clock change (GMT in winter)", () => {
    expect(limitAt(limits, at("2025-01-15T06:59:59Z"), "Europe/London")?.label).toBe("Night");
    expect(limitAt(limits, at("2025-01-15T07:00:00Z"), "Europe/London")?.label).toBe("Day");
  });

  it("weekday limits: a night crossing midnight belongs to the day it started", () => {
    const weekdays: LevelLimit[] = [
      { label: "Weekday day", days: WEEKDAYS, from: "07:00", to: "19:00", level: 70 },
      { label: "Weekday night", days: WEEKDAYS, from: "23:00", to: "07:00", level: 50 },
    ];
    // Friday 13 June 2025, 23:30 local → Friday night applies; Saturday 02:00 local is still Friday's night.
    expect(limitAt(weekdays, at("2025-06-13T22:30:00Z"), "Europe/London")?.label).toBe("Weekday night");
    expect(limitAt(weekdays, at("2025-06-14T01:00:00Z"), "Europe/London")?.label).toBe("Weekday night");
    // Saturday 07:00 local: no weekday limit; Sunday 02:00 local (Saturday's night): none either.
    expect(limitAt(weekdays, at("2025-06-14T06:00:00Z"), "Europe/London")).toBeNull();
    expect(limitAt(weekdays, at("2025-06-15T01:00:00Z"), "Europe/London")).toBeNull();
    // Monday 06:59 local is Sunday's night: none; Monday 07:00 local: weekday day.
    expect(limitAt(weekdays, at("2025-06-16T05:59:00Z"), "Europe/London")).toBeNull();
    expect(limitAt(weekdays, at("2025-06-16T06:00:00Z"), "Europe/London")?.label).toBe("Weekday day");
  });

  it("works east of UTC too (Asia/Tokyo, UTC+9)", () => {
    expect(limitAt(limits, at("2025-06-11T13:59:00Z"), "Asia/Tokyo")?.label).toBe("Day"); // 22:59
    expect(limitAt(limits, at("2025-06-11T14:00:00Z"), "Asia/Tokyo")?.label).toBe("Night"); // 23:00
  });
});

describe("exceedanceWindows", () => {
  const params = { periodMinutes: 60, limits, events: true };
  const minuteLevels = (startIso: string, level: number, count = 60) =>
    Array.from({ length: count }, (_, i) => ({
      instrument: "QT1",
      start: new Date(new Date(startIso).getTime() + i * 60_000),
      durationSeconds: 60,
      values: { LAeq: level },
      leqT1Type: null,
      leqT2Type: null,
    }));

  it("60 dB LAeq,1h exceeds the night limit in the hour starting 23:00 local but not the day limit in the hour before", () => {
    const data = [...minuteLevels("2025-06-11T21:00:00Z", 60), ...minuteLevels("2025-06-11T22:00:00Z", 60)];
    const windows = exceedanceWindows(
      params,
      "Europe/London",
      data,
      at("2025-06-11T21:00:00Z"),
      at("2025-06-11T23:00:00Z"),
    );
    expect(windows.map((w) => [w.start.toISOString(), w.limit.label, Math.round(w.level)])).toEqual([
      ["2025-06-11T22:00:00.000Z", "Night", 60],
    ]);
  });

  it("averages energy, not decibels, and ignores hours with too little data", () => {
    const data = [...minuteLevels("2025-06-11T10:00:00Z", 50, 50), ...minuteLevels("2025-06-11T10:50:00Z", 90, 10)];
    const [window] = exceedanceWindows(
      params,
      "Europe/London",
      data,
      at("2025-06-11T10:00:00Z"),
      at("2025-06-11T11:00:00Z"),
    );
    expect(window!.level).toBeCloseTo(82.2, 1);
    expect(
      exceedanceWindows(
        params,
        "Europe/London",
        minuteLevels("2025-06-11T10:00:00Z", 90, 20),
        at("2025-06-11T10:00:00Z"),
        at("2025-06-11T11:00:00Z"),
      ),
    ).toEqual([]);
  });
});

describe("default rules", () => {
  it("cover every kind with valid settings; the noise rule alerts on period limits, not on every single event", () => {
    expect(DEFAULT_RULES.map((r) => r.kind).sort()).toEqual([...RULE_KINDS].sort());
    for (const rule of DEFAULT_RULES) expect(RULE_PARAMS[rule.kind].safeParse(rule.params).success).toBe(true);
    const noise = RULE_PARAMS.noise_exceedance.parse(DEFAULT_RULES.find((r) => r.kind === "noise_exceedance")!.params);
    expect(noise.events).toBe(false);
    expect(noise).toMatchObject({
      periodMinutes: 60,
      limits: [
        { label: "Day", level: 75 },
        { label: "Night", level: 55 },
      ],
    });
  });
});
