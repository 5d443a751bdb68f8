/** Sound level arithmetic: hand-computed cases (arithmetic in the comments) and properties against plain formulas. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { corrected, energyAverage, headroom, projectedBreach, windowValue, type LevelPart } from "@/lib/acoustics";

/** The textbook formula, without energyAverage's precision trick: the model it is checked against. */
const textbookLeq = (parts: LevelPart[]) =>
  10 *
  Math.log10(
    parts.reduce((s, p) => s + p.seconds * 10 ** (p.level / 10), 0) / parts.reduce((s, p) => s + p.seconds, 0),
  );

const levelArb = fc.double({ min: 20, max: 140, noNaN: true });
const secondsArb = fc.double({ min: 0.5, max: 86_400, noNaN: true });
const partsArb = fc.array(fc.record({ level: levelArb, seconds: secondsArb }), { minLength: 1, maxLength: 40 });

describe("energyAverage", () => {
  it("averages energies, not decibels: two equal halves of 60 and 70 dB give 67.4 dB, not 65", () => {
    // 10·log10((10^6 + 10^7) / 2) = 10·log10(5 500 000) = 67.403627 dB
    expect(
      energyAverage([
        { level: 60, seconds: 1800 },
        { level: 70, seconds: 1800 },
      ]),
    ).toBeCloseTo(67.403627, 6);
  });

  it("weights each level by its time", () => {
    // 60 dB for 3 s and 70 dB for 1 s: 10·log10((3·10^6 + 10^7) / 4) = 10·log10(3 250 000) = 65.118834 dB
    expect(
      energyAverage([
        { level: 60, seconds: 3 },
        { level: 70, seconds: 1 },
      ]),
    ).toBeCloseTo(65.118834, 6);
    // The other way round: 10·log10((10^6 + 3·10^7) / 4) = 10·log10(7 750 000) = 68.893017 dB
    expect(
      energyAverage([
        { level: 60, seconds: 1 },
        { level: 70, seconds: 3 },
      ]),
    ).toBeCloseTo(68.893017, 6);
  });

  it("gives a constant input back exactly", () => {
    expect(
      energyAverage([
        { level: 55.5, seconds: 60 },
        { level: 55.5, seconds: 7 },
      ]),
    ).toBe(55.5);
    expect(energyAverage([{ level: 42, seconds: 1 }])).toBe(42);
    // 10·log10(10^(L/10)) is not always L in floating point (20.3 dB, 21.2 dB, …); relative to the loudest part it is.
    for (const level of [20.3, 21.2, 22.8, 63.7])
      expect(
        energyAverage([
          { level, seconds: 30 },
          { level, seconds: 90 },
        ]),
      ).toBe(level);
  });

  it("is null without parts or without time, and ignores parts without a level or a positive time", () => {
    expect(energyAverage([])).toBeNull();
    expect(energyAverage([{ level: 60, seconds: 0 }])).toBeNull();
    expect(energyAverage([{ level: Number.NaN, seconds: 60 }])).toBeNull();
    expect(energyAverage([{ level: Number.POSITIVE_INFINITY, seconds: 60 }])).toBeNull();
    expect(
      energyAverage([
        { level: Number.NaN, seconds: 60 },
        { level: Number.NEGATIVE_INFINITY, seconds: 60 },
        { level: 80, seconds: 0 },
        { level: 90, seconds: -60 },
        { level: 95, seconds: Number.NaN },
        { level: 61, seconds: 60 },
      ]),
    ).toBe(61);
  });

  it("matches the textbook formula", () => {
    fc.assert(fc.property(partsArb, (parts) => Math.abs(energyAverage(parts)! - textbookLeq(parts)) < 1e-9));
  });

  it("lies between the quietest and the loudest part, at or above their time-weighted mean", () => {
    fc.assert(
      fc.property(partsArb, (parts) => {
        const leq = energyAverage(parts)!;
        const levels = parts.map((p) => p.level);
        const total = parts.reduce((s, p) => s + p.seconds, 0);
        const mean = parts.reduce((s, p) => s + p.level * p.seconds, 0) / total;
        return leq >= Math.min(...levels) - 1e-9 && leq <= Math.max(...levels) + 1e-9 && leq >= mean - 1e-9;
      }),
    );
  });

  it("does not depend on the order of the parts or on the unit of time", () => {
    fc.assert(
      fc.property(partsArb, fc.double({ min: 0.01, max: 100, noNaN: true }), (parts, k) => {
        const leq = energyAverage(parts)!;
        const reversed = energyAverage([...parts].reverse())!;
        const scaled = energyAverage(parts.map((p) => ({ level: p.level, seconds: p.seconds * k })))!;
        return Math.abs(leq - reversed) < 1e-9 && Math.abs(leq - scaled) < 1e-9;
      }),
    );
  });

  it("stays exact far below the loudest part (no overflow, no lost digits)", () => {
    // 200 dB for 1 s and 20 dB for 10^9 s: the energy of 200 dB (10^20) still dominates:
    // 10·log10((10^20 + 10^9·10^2) / (10^9 + 1)) ≈ 10·log10(10^11) = 110 dB
    expect(
      energyAverage([
        { level: 200, seconds: 1 },
        { level: 20, seconds: 1e9 },
      ]),
    ).toBeCloseTo(110, 6);
  });
});

describe("windowValue", () => {
  const parts = (...levels: number[]) => levels.map((level) => ({ level, seconds: 60 }));

  it("LAeq is the energy average", () => {
    expect(windowValue("LAeq", parts(60, 70))).toBeCloseTo(67.403627, 6);
    expect(windowValue("LAeq", [])).toBeNull();
  });

  it("LAFMax and LCPeak are the largest value, whatever its time", () => {
    const p = [
      { level: 70, seconds: 600 },
      { level: 82.5, seconds: 1 },
      { level: 64, seconds: 60 },
      { level: Number.NaN, seconds: 60 },
    ];
    expect(windowValue("LAFMax", p)).toBe(82.5);
    expect(windowValue("LCPeak", p)).toBe(82.5);
    expect(windowValue("LAFMax", parts(-5, -3))).toBe(-3);
    expect(windowValue("LCPeak", [])).toBeNull();
    expect(windowValue("LAFMax", [{ level: Number.NaN, seconds: 60 }])).toBeNull();
  });

  it("LAF90 is the median of the periods' values: the middle one, or the mean of the two middle ones", () => {
    expect(windowValue("LAF90", parts(45, 38, 41))).toBe(41);
    // Sorted 38, 41, 45, 50: (41 + 45) / 2 = 43
    expect(windowValue("LAF90", parts(50, 38, 45, 41))).toBe(43);
    expect(windowValue("LAF90", parts(39))).toBe(39);
    // (36 + 40) / 2 = 38
    expect(windowValue("LAF90", parts(40, 36))).toBe(38);
    expect(windowValue("LAF90", [])).toBeNull();
  });

  it("LAF90's median counts periods, not seconds, and skips periods without a value", () => {
    expect(
      windowValue("LAF90", [
        { level: 40, seconds: 1 },
        { level: 50, seconds: 3000 },
        { level: 45, seconds: 1 },
        { level: Number.NaN, seconds: 60 },
      ]),
    ).toBe(45);
  });

  it("LAF90's median has as many values above as below it", () => {
    fc.assert(
      fc.property(fc.array(levelArb, { minLength: 1, maxLength: 30 }), (levels) => {
        const m = windowValue("LAF90", parts(...levels))!;
        const below = levels.filter((l) => l < m).length;
        const above = levels.filter((l) => l > m).length;
        return below <= levels.length / 2 && above <= levels.length / 2;
      }),
    );
  });

  it("the maxima never fall below any value", () => {
    fc.assert(
      fc.property(fc.array(levelArb, { minLength: 1, maxLength: 30 }), (levels) => {
        const max = windowValue("LCPeak", parts(...levels))!;
        return levels.every((l) => l <= max) && levels.includes(max);
      }),
    );
  });
});

describe("corrected", () => {
  it("adds the position's correction, once", () => {
    expect(corrected(62, -3)).toBe(59);
    expect(corrected(62, 2.5)).toBe(64.5);
    expect(corrected(62, 0)).toBe(62);
  });
});

describe("headroom", () => {
  it("a 12 h period at 62.4 dB after 8 h 50 min, limit 65: the remaining 3 h 10 min may average 68.5 dB", () => {
    // In minutes: T = 720, elapsed = 530, remaining = 190.
    // Budget  720 · 10^6.5  = 720 · 3 162 277.66 = 2 276 839 915
    // Spent   530 · 10^6.24 = 530 · 1 737 800.83 =   921 034 439
    // Left    1 355 805 476; / 190 = 7 135 818.3; 10·log10(7 135 818.3) = 68.5344 dB
    const h = headroom({ runningLevel: 62.4, elapsedSeconds: 530 * 60, remainingSeconds: 190 * 60, limitDb: 65 });
    expect(h.maxRemainingLevel).toBeCloseTo(68.5344, 4);
    expect(h.breached).toBe(false);
    expect(h.runningLevel).toBe(62.4);
  });

  it("an hour at 50 dB for its first half, limit 55: the second half may average 57.3 dB", () => {
    // 60 − 30·10^((50 − 55)/10) = 60 − 9.486833 = 50.513167; / 30 = 1.683772; 55 + 10·log10(1.683772) = 55 + 2.262833 = 57.262833 dB
    const h = headroom({ runningLevel: 50, elapsedSeconds: 1800, remainingSeconds: 1800, limitDb: 55 });
    expect(h.maxRemainingLevel).toBeCloseTo(57.262833, 5);
  });

  it("at the limit so far, the rest may average the limit", () => {
    const h = headroom({ runningLevel: 65, elapsedSeconds: 1000, remainingSeconds: 3000, limitDb: 65 });
    expect(h.maxRemainingLevel).toBeCloseTo(65, 12);
    expect(h.breached).toBe(false);
  });

  it("breached when the budget is spent: 70 dB for 11 of 12 hours against 65 dB", () => {
    // 12 − 11·10^0.5 = 12 − 34.79 < 0: even silence leaves the period above 65 dB.
    expect(headroom({ runningLevel: 70, elapsedSeconds: 11 * 3600, remainingSeconds: 3600, limitDb: 65 })).toEqual({
      maxRemainingLevel: null,
      breached: true,
      runningLevel: 70,
    });
  });

  it("breached when exactly the whole budget is spent, and not an instant before", () => {
    // 70 dB for 1 s of 10 s, limit 60: left = 10 − 1·10^1 = 0.
    expect(headroom({ runningLevel: 70, elapsedSeconds: 1, remainingSeconds: 9, limitDb: 60 }).breached).toBe(true);
    // Left = 10.001 − 10 = 0.001 over 9.001 s: 60 + 10·log10(0.001 / 9.001) = 20.457 dB
    const h = headroom({ runningLevel: 70, elapsedSeconds: 1, remainingSeconds: 9.001, limitDb: 60 });
    expect(h.breached).toBe(false);
    expect(h.maxRemainingLevel).toBeCloseTo(20.457, 2);
  });

  it("running above the limit early on is not yet a breach", () => {
    // 70 dB for 1 h of 12, limit 65: 12 − 10^0.5 = 8.837722; / 11 = 0.803429; 65 + 10·log10(0.803429) = 65 − 0.950523 = 64.049477 dB
    const h = headroom({ runningLevel: 70, elapsedSeconds: 3600, remainingSeconds: 11 * 3600, limitDb: 65 });
    expect(h.breached).toBe(false);
    expect(h.maxRemainingLevel).toBeCloseTo(64.049477, 5);
  });

  it("without data yet (or with a level that is not a number) the rest may average the limit", () => {
    expect(headroom({ runningLevel: null, elapsedSeconds: 600, remainingSeconds: 3000, limitDb: 55 })).toEqual({
      maxRemainingLevel: 55,
      breached: false,
      runningLevel: null,
    });
    expect(headroom({ runningLevel: Number.NaN, elapsedSeconds: 600, remainingSeconds: 3000, limitDb: 55 })).toEqual({
      maxRemainingLevel: 55,
      breached: false,
      runningLevel: null,
    });
  });

  it("nothing elapsed: the whole period may average the limit", () => {
    const h = headroom({ runningLevel: 90, elapsedSeconds: 0, remainingSeconds: 3600, limitDb: 55 });
    expect(h.maxRemainingLevel).toBeCloseTo(55, 12);
    expect(
      headroom({ runningLevel: 90, elapsedSeconds: -5, remainingSeconds: 3600, limitDb: 55 }).maxRemainingLevel,
    ).toBeCloseTo(55, 12);
  });

  it("a period that is over has no headroom: breached only when above the limit (the limit itself is not)", () => {
    const over = (runningLevel: number | null, remainingSeconds = 0) =>
      headroom({ runningLevel, elapsedSeconds: 3600, remainingSeconds, limitDb: 65 });
    expect(over(65.1)).toEqual({ maxRemainingLevel: null, breached: true, runningLevel: 65.1 });
    expect(over(65)).toEqual({ maxRemainingLevel: null, breached: false, runningLevel: 65 });
    expect(over(null)).toEqual({ maxRemainingLevel: null, breached: false, runningLevel: null });
    expect(over(70, -10)).toEqual({ maxRemainingLevel: null, breached: true, runningLevel: 70 });
  });

  const inputArb = fc.record({
    runningLevel: levelArb,
    elapsedSeconds: fc.double({ min: 1, max: 86_400, noNaN: true }),
    remainingSeconds: fc.double({ min: 1, max: 86_400, noNaN: true }),
    limitDb: levelArb,
  });

  it("averaging the rest at exactly the headroom gives the limit", () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const h = headroom(input);
        fc.pre(h.maxRemainingLevel !== null);
        const whole = energyAverage([
          { level: input.runningLevel, seconds: input.elapsedSeconds },
          { level: h.maxRemainingLevel!, seconds: input.remainingSeconds },
        ])!;
        return Math.abs(whole - input.limitDb) < 1e-9 && !h.breached;
      }),
    );
  });

  it("breached exactly when the energy so far already fills the whole period's budget", () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const h = headroom(input);
        const spent = input.elapsedSeconds * 10 ** ((input.runningLevel - input.limitDb) / 10);
        const budget = input.elapsedSeconds + input.remainingSeconds;
        // Away from the edge, where rounding could go either way.
        fc.pre(Math.abs(spent - budget) > 1e-6 * budget);
        return h.breached === spent > budget && (h.maxRemainingLevel === null) === h.breached;
      }),
    );
  });

  it("projectedBreach: a recent level above the headroom would take the period over the limit", () => {
    fc.assert(
      fc.property(inputArb, levelArb, (input, recent) => {
        const h = headroom(input);
        fc.pre(h.maxRemainingLevel !== null && Math.abs(recent - h.maxRemainingLevel) > 1e-6);
        const whole = energyAverage([
          { level: input.runningLevel, seconds: input.elapsedSeconds },
          { level: recent, seconds: input.remainingSeconds },
        ])!;
        return projectedBreach(h, recent) === whole > input.limitDb;
      }),
    );
  });
});

describe("projectedBreach", () => {
  const h = (maxRemainingLevel: number | null, breached = false) => ({ maxRemainingLevel, breached, runningLevel: 60 });

  it("is true when breached, whatever the recent level", () => {
    expect(projectedBreach(h(null, true), null)).toBe(true);
    expect(projectedBreach(h(null, true), 20)).toBe(true);
  });

  it("compares the recent level with the headroom: above it is a breach, at it is not", () => {
    expect(projectedBreach(h(68.5), 68.6)).toBe(true);
    expect(projectedBreach(h(68.5), 68.5)).toBe(false);
    expect(projectedBreach(h(68.5), 60)).toBe(false);
    expect(projectedBreach(h(68.5), null)).toBe(false);
  });

  it("is false when nothing is left to decide and the period was not breached", () => {
    expect(projectedBreach(h(null), 120)).toBe(false);
  });
});
