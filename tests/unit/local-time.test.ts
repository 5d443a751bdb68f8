import { describe, expect, it } from "vitest";
import {
  formatInZone,
  inWindow,
  isQuiet,
  isValidTimeZone,
  localClock,
  parseHhMm,
  quietEndsAt,
  timeZoneChoices,
  timeZoneSchema,
} from "@/lib/local-time";

describe("local time", () => {
  it("reads the wall clock in a timezone, across DST", () => {
    expect(localClock(new Date("2026-07-01T21:30:00Z"), "Europe/London")).toMatchObject({ hour: 22, minute: 30 });
    expect(localClock(new Date("2026-01-01T21:30:00Z"), "Europe/London")).toMatchObject({ hour: 21, minute: 30 });
    expect(localClock(new Date("2026-01-01T21:30:00Z"), "Australia/Sydney")).toMatchObject({
      hour: 8,
      minute: 30,
      weekday: 5,
    });
  });

  it("parses HH:MM strictly", () => {
    expect(parseHhMm("07:05")).toBe(425);
    expect(parseHhMm("24:00")).toBeNull();
    expect(parseHhMm("7:05")).toBeNull();
  });

  it("windows may cross midnight", () => {
    expect(inWindow(23 * 60, 22 * 60, 7 * 60)).toBe(true);
    expect(inWindow(6 * 60 + 59, 22 * 60, 7 * 60)).toBe(true);
    expect(inWindow(7 * 60, 22 * 60, 7 * 60)).toBe(false);
    expect(inWindow(12 * 60, 9 * 60, 17 * 60)).toBe(true);
    expect(inWindow(12 * 60, 9 * 60, 9 * 60)).toBe(false);
  });

  const q = { quietStart: "22:00", quietEnd: "07:00", timezone: "America/New_York" };

  it("quiet hours across midnight in a non-UTC timezone, at the boundary minutes", () => {
    // 22:00 New York in January = 03:00 UTC next day.
    expect(isQuiet(new Date("2026-01-16T02:59:00Z"), q)).toBe(false);
    expect(isQuiet(new Date("2026-01-16T03:00:00Z"), q)).toBe(true);
    expect(isQuiet(new Date("2026-01-16T11:59:00Z"), q)).toBe(true); // 06:59 local
    expect(isQuiet(new Date("2026-01-16T12:00:00Z"), q)).toBe(false); // 07:00 local
  });

  it("knows when quiet hours end", () => {
    expect(quietEndsAt(new Date("2026-01-16T05:17:30Z"), q).toISOString()).toBe("2026-01-16T12:00:00.000Z");
    const loud = new Date("2026-01-16T15:00:00Z");
    expect(quietEndsAt(loud, q)).toBe(loud);
  });
});

describe("formatInZone", () => {
  it("writes a moment as people in that zone read it, summer time included", () => {
    expect(formatInZone(new Date("2026-11-27T09:15:24.006Z"), "Europe/London")).toBe("27 Nov 2026, 09:15 GMT");
    expect(formatInZone(new Date("2026-07-01T09:15:00Z"), "Europe/London")).toBe("1 Jul 2026, 10:15 BST");
    expect(formatInZone(new Date("2026-11-27T23:30:00Z"), "Asia/Tokyo")).toBe("28 Nov 2026, 08:30 GMT+9");
  });
});

describe("timezone names", () => {
  it("accepts what the runtime can keep time in, older link names included", () => {
    expect(isValidTimeZone("Europe/London")).toBe(true);
    expect(isValidTimeZone("UTC")).toBe(true);
    expect(isValidTimeZone("Asia/Calcutta")).toBe(true);
    expect(isValidTimeZone("Mars/Olympus")).toBe(false);
    expect(isValidTimeZone("")).toBe(false);
  });

  it("one schema for every form, with one message", () => {
    expect(timeZoneSchema.parse("America/New_York")).toBe("America/New_York");
    for (const bad of ["Mars/Olympus", "", `Europe/${"x".repeat(64)}`]) {
      const result = timeZoneSchema.safeParse(bad);
      expect(result.success).toBe(false);
      expect(result.error?.issues[0]?.message).toBe("Choose a valid timezone");
    }
  });

  it("offers UTC first, then the runtime's zones once each, all of them valid", () => {
    const zones = timeZoneChoices();
    expect(zones[0]).toBe("UTC");
    expect(zones).toContain("Europe/London");
    expect(new Set(zones).size).toBe(zones.length);
    expect(zones.every(isValidTimeZone)).toBe(true);
  });
});
