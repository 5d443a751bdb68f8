import { describe, expect, it } from "vitest";
import { toCsv } from "@/lib/csv";
import {
  instrumentState,
  instrumentStateLabel,
  matchesFilter,
  needsCalibration,
  parseFleetQuery,
  type HealthInput,
} from "@/lib/fleet";
import { dedupeBy, windowsNewestFirst, YEAR_WINDOW_MS } from "@/lib/windows";
import { ago, signed, thresholdHorizon } from "@/lib/format";

const DAY = 86_400_000;
const NOW = new Date(Date.UTC(2025, 5, 1, 12));
const base: HealthInput = {
  type: "Noise",
  online: true,
  lastCalibrationAt: new Date(NOW.getTime() - 5 * DAY),
  lastCalibrationStatus: "Success",
  lastCalibrationOffset: 0.05,
  lastSicStatus: "Success",
  voltage: 12.1,
};

describe("range windows", () => {
  it("cut several years into 1-year windows, newest first, sharing edges, covering exactly [start, end]", () => {
    const end = NOW;
    const start = new Date(end.getTime() - 4 * YEAR_WINDOW_MS);
    const w = windowsNewestFirst(start, end, YEAR_WINDOW_MS);
    expect(w).toHaveLength(4);
    expect(w[0]!.end).toEqual(end);
    expect(w.at(-1)!.start).toEqual(start);
    for (let i = 1; i < w.length; i++) expect(w[i]!.end).toEqual(w[i - 1]!.start);
    for (const x of w) expect(x.end.getTime() - x.start.getTime()).toBeLessThanOrEqual(YEAR_WINDOW_MS);
  });

  it("one millisecond over a year makes a second, 1 ms window; exactly a year makes one", () => {
    const end = NOW;
    expect(windowsNewestFirst(new Date(end.getTime() - YEAR_WINDOW_MS), end, YEAR_WINDOW_MS)).toHaveLength(1);
    const two = windowsNewestFirst(new Date(end.getTime() - YEAR_WINDOW_MS - 1), end, YEAR_WINDOW_MS);
    expect(two).toHaveLength(2);
    expect(two[1]!.end.getTime() - two[1]!.start.getTime()).toBe(1);
    expect(windowsNewestFirst(end, end, YEAR_WINDOW_MS)).toEqual([]);
  });

  it("a record on a shared edge counts once", () => {
    const edge = { instrument: "A", time: 5 };
    expect(
      dedupeBy([edge, { instrument: "B", time: 5 }, { ...edge }], (r) => `${r.instrument}|${r.time}`),
    ).toHaveLength(2);
  });
});

describe("fleet filters", () => {
  it("needs calibration: never, failed, older than 30 days, or |offset| ≥ 0.4 dB; noise instruments only", () => {
    expect(needsCalibration(base, NOW)).toBe(false);
    expect(needsCalibration({ ...base, lastCalibrationAt: null }, NOW)).toBe(true);
    expect(needsCalibration({ ...base, lastCalibrationStatus: "Failed" }, NOW)).toBe(true);
    expect(needsCalibration({ ...base, lastCalibrationAt: new Date(NOW.getTime() - 31 * DAY) }, NOW)).toBe(true);
    expect(needsCalibration({ ...base, lastCalibrationOffset: -0.4 }, NOW)).toBe(true);
    expect(needsCalibration({ ...base, type: "AirQuality", lastCalibrationAt: null }, NOW)).toBe(false);
  });

  it("offline, SIC failed, low voltage", () => {
    expect(matchesFilter("offline", { ...base, online: false }, NOW)).toBe(true);
    expect(matchesFilter("offline", { ...base, online: null }, NOW)).toBe(false);
    expect(matchesFilter("sic-failed", { ...base, lastSicStatus: "Failed" }, NOW)).toBe(true);
    expect(matchesFilter("sic-failed", { ...base, lastSicStatus: null }, NOW)).toBe(false);
    expect(matchesFilter("low-voltage", { ...base, voltage: 10.9 }, NOW)).toBe(true);
    expect(matchesFilter("low-voltage", { ...base, voltage: 11 }, NOW)).toBe(false);
  });

  it("parses search params leniently", () => {
    expect(parseFleetQuery({ filter: "offline", q: " QT ", sort: "voltage", dir: "desc", site: "site-1" })).toEqual({
      filter: "offline",
      search: "QT",
      sort: "voltage",
      dir: "desc",
      site: "site-1",
    });
    expect(parseFleetQuery({ filter: "nope", sort: ["x"], site: "" })).toEqual({
      filter: "all",
      search: "",
      sort: "status",
      dir: "asc",
      site: "all",
    });
  });

  it("ages and CSV", () => {
    expect(ago(new Date(NOW.getTime() - 40_000), NOW)).toBe("40 s ago");
    expect(ago(new Date(NOW.getTime() - 3 * 3600_000), NOW)).toBe("3 h ago");
    expect(ago(null, NOW)).toBe("never");
    expect(
      toCsv(
        ["a", "b"],
        [
          ["x,y", 'say "hi"'],
          [null, 1.5],
        ],
      ),
    ).toBe('a,b\r\n"x,y","say ""hi"""\r\n,1.5\r\n');
  });
});

describe("instrument state", () => {
  it("offline wins; online is measuring unless the instrument said it is not; nothing yet is no status", () => {
    expect(instrumentState({ online: null, measuring: null })).toBe("no-status");
    expect(instrumentState({ online: false, measuring: true })).toBe("offline");
    expect(instrumentState({ online: true, measuring: false })).toBe("not-measuring");
    expect(instrumentState({ online: true, measuring: true })).toBe("measuring");
    expect(instrumentState({ online: true, measuring: null })).toBe("measuring");
  });

  it("says it in short (board) and long (instrument page) words", () => {
    expect(instrumentStateLabel({ online: null, measuring: null })).toBe("No status yet");
    expect(instrumentStateLabel({ online: false, measuring: false })).toBe("Offline");
    expect(instrumentStateLabel({ online: true, measuring: false })).toBe("Not measuring");
    expect(instrumentStateLabel({ online: true, measuring: true })).toBe("Measuring");
    expect(instrumentStateLabel({ online: null, measuring: null }, "long")).toBe("No status yet");
    expect(instrumentStateLabel({ online: false, measuring: true }, "long")).toBe("Offline");
    expect(instrumentStateLabel({ online: true, measuring: false }, "long")).toBe("Online, not measuring");
    expect(instrumentStateLabel({ online: true, measuring: null }, "long")).toBe("Online, measuring");
  });
});

describe("display of levels and drift outlook", () => {
  it("signs levels, and what rounds to zero is ±0, never −0.00", () => {
    expect(signed(0.456)).toBe("+0.46 dB");
    expect(signed(-0.39)).toBe("−0.39 dB");
    expect(signed(-0.001)).toBe("±0.00 dB");
    expect(signed(0.004)).toBe("±0.00 dB");
    expect(signed(null)).toBe("—");
    expect(signed(Number.NaN)).toBe("—");
  });
  it("says when a trend reaches the threshold in days, then years, and not beyond 5 years", () => {
    expect(thresholdHorizon(24.2)).toBe("in 25 d");
    expect(thresholdHorizon(800)).toBe("in about 2.2 years");
    expect(thresholdHorizon(92_195)).toBe("not within 5 years");
  });
});
