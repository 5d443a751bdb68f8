import { describe, expect, it } from "vitest";
import {
  ago,
  axisTimeFormatter,
  formatCount,
  formatDate,
  formatDateTime,
  formatDuration,
  formatHour,
  formatNumber,
  formatPercent,
  formatTime,
  NO_VALUE,
} from "@/lib/format";

const DAY = 86_400_000;

describe("numbers", () => {
  it("to a number of decimals, with the unit after a space, and a dash without a value", () => {
    expect(formatNumber(12.345, 1, "V")).toBe("12.3 V");
    expect(formatNumber(11, 2)).toBe("11.00");
    expect(formatNumber(-97.4, 0, "dBm")).toBe("-97 dBm");
    expect(formatNumber(4.4)).toBe("4.4");
    expect(formatNumber(null, 1, "V")).toBe("—");
    expect(formatNumber(undefined)).toBe("—");
    expect(formatNumber(Number.NaN, 2, "dB")).toBe("—");
    expect(formatNumber(Number.POSITIVE_INFINITY)).toBe("—");
    expect(NO_VALUE).toBe("—");
  });

  it("percentages as given or rounded, with a space unless compact", () => {
    expect(formatPercent(97.5)).toBe("97.5 %");
    expect(formatPercent(100)).toBe("100 %");
    expect(formatPercent(45.4, { digits: 0 })).toBe("45 %");
    expect(formatPercent(45.6, { digits: 0, compact: true })).toBe("46%");
    expect(formatPercent(null)).toBe("—");
  });

  it("counts with thousands separators", () => {
    expect(formatCount(12)).toBe("12");
    expect(formatCount(2000)).toBe("2,000");
    expect(formatCount(1_234_567)).toBe("1,234,567");
    expect(formatCount(1234.5)).toBe("1,234.5");
  });
});

describe("durations and ages", () => {
  it("how long: seconds, then minutes, then hours to one decimal", () => {
    expect(formatDuration(40_000)).toBe("40 s");
    expect(formatDuration(59_400)).toBe("59 s");
    expect(formatDuration(90_000)).toBe("2 min");
    expect(formatDuration(5 * 60_000)).toBe("5 min");
    expect(formatDuration(3_600_000)).toBe("1.0 h");
    expect(formatDuration(5_400_000)).toBe("1.5 h");
  });

  it("how long ago, rounded down to the unit, never negative", () => {
    const now = new Date(Date.UTC(2025, 5, 1, 12));
    const before = (ms: number) => new Date(now.getTime() - ms);
    expect(ago(before(59_000), now)).toBe("59 s ago");
    expect(ago(before(60_000), now)).toBe("1 min ago");
    expect(ago(before(5 * 60_000 + 59_000), now)).toBe("5 min ago");
    expect(ago(before(2.5 * DAY), now)).toBe("2 d ago");
    expect(ago(new Date(now.getTime() + 5000), now)).toBe("0 s ago");
    expect(ago(undefined, now)).toBe("never");
  });
});

describe("calendar times", () => {
  const at = new Date("2025-06-12T14:05:09Z");

  it("a date, in the given timezone", () => {
    expect(formatDate(at, "UTC")).toBe("12 Jun 2025");
    // 23:30 UTC is already the next day in London (BST).
    expect(formatDate(new Date("2025-06-12T23:30:00Z"), "Europe/London")).toBe("13 Jun 2025");
  });

  it("a date and time, with seconds when asked", () => {
    expect(formatDateTime(at, { timeZone: "UTC" })).toBe("12 Jun 2025, 14:05");
    expect(formatDateTime(at, { timeZone: "Europe/London" })).toBe("12 Jun 2025, 15:05");
    expect(formatDateTime(at, { timeZone: "UTC", seconds: true })).toBe("12 Jun 2025, 14:05:09");
  });

  it("a time of day on the 24-hour clock", () => {
    expect(formatTime(at, "UTC")).toBe("14:05:09");
    expect(formatTime(new Date("2025-06-12T00:00:00Z"), "UTC")).toBe("00:00:00");
  });

  it("an hour of the day", () => {
    expect(formatHour(8)).toBe("08:00");
    expect(formatHour(23)).toBe("23:00");
  });

  it("axis labels by the span shown: time of day, then day and month, then month and year", () => {
    const t = Date.UTC(2025, 5, 12, 14, 5);
    expect(axisTimeFormatter(DAY, "UTC")(t)).toBe("14:05");
    expect(axisTimeFormatter(2 * DAY, "UTC")(String(t))).toBe("14:05");
    expect(axisTimeFormatter(30 * DAY, "UTC")(t)).toBe("12 Jun");
    expect(axisTimeFormatter(365 * DAY, "UTC")(t)).toBe("Jun 25");
  });
});
