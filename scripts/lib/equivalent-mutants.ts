/**
 * Surviving mutants that were read by hand (TESTING.md, "Mutation score"), for
 * `npm run test:mutation` (scripts/mutation.ts).
 *
 * - "equivalent": no input can tell the mutant from the original, so it is left
 *   out of the module's score;
 * - "explained": it can change behaviour, but only where the reason says, and it
 *   still counts as a survivor.
 *
 * An entry names the mutant by its file, mutator, the trimmed source line it
 * starts on, the code it replaces and its replacement, never by line number: when that line changes,
 * the entry stops matching and the survivor shows up again, to be read afresh.
 */
export interface ReadSurvivor {
  file: string;
  mutator: string;
  /** The trimmed source line the mutant starts on. */
  line: string;
  /** The code the mutant replaces (on that line). */
  original: string;
  replacement: string;
  verdict: "equivalent" | "explained";
  reason: string;
}

const CACHE = "A cache of Intl formatters: building a new one every call formats the same text, only slower.";
const QUIET_BOUND =
  "The 26-hour bound never ends the loop: a quiet window is at most 1,439 local minutes, plus at most 2 h of any clock change in use today (Antarctica/Troll), so isQuiet turns false first. It only mattered for past 3-hour shifts (Antarctica/Casey 2010), and quietEndsAt is asked about now.";

export const READ_SURVIVORS: ReadSurvivor[] = [
  // lib/downsample.ts
  {
    file: "lib/downsample.ts",
    mutator: "StringLiteral",
    line: '{ name: "LAFMax", mode: "max" },',
    original: '"max"',
    replacement: '""',
    verdict: "equivalent",
    reason: 'Mode "" behaves as "max": the code only ever asks whether the mode is "envelope".',
  },
  {
    file: "lib/downsample.ts",
    mutator: "StringLiteral",
    line: '{ name: "LCPeak", mode: "max" },',
    original: '"max"',
    replacement: '""',
    verdict: "equivalent",
    reason: 'Mode "" behaves as "max": the code only ever asks whether the mode is "envelope".',
  },
  {
    file: "lib/downsample.ts",
    mutator: "EqualityOperator",
    line: 'if (mode === "envelope" && lo && lo !== hi) out.push(...(lo.t <= hi.t ? [lo, hi] : [hi, lo]));',
    original: "lo.t <= hi.t",
    replacement: "lo.t < hi.t",
    verdict: "explained",
    reason:
      "Differs only when a bucket's minimum and maximum are two samples with the same timestamp: then they come out in the other order, still in time order. MyCirrus sends one row per instrument, start and duration (the client merges pages by that key) and a chart asks for one period, so a series never has two samples at one time.",
  },
  // lib/drift.ts
  {
    file: "lib/drift.ts",
    mutator: "ArithmeticOperator",
    line: "sxy += (xs[i]! - mx) * (ys[i]! - my);",
    original: "xs[i]! - mx",
    replacement: "xs[i]! + mx",
    verdict: "equivalent",
    reason: "Σ(x+x̄)(y−ȳ) = Σ(x−x̄)(y−ȳ) + 2x̄·Σ(y−ȳ), and Σ(y−ȳ) = 0: the same sum, up to rounding in the 15th digit.",
  },
  {
    file: "lib/drift.ts",
    mutator: "ArithmeticOperator",
    line: "sxy += (xs[i]! - mx) * (ys[i]! - my);",
    original: "ys[i]! - my",
    replacement: "ys[i]! + my",
    verdict: "equivalent",
    reason: "Σ(x−x̄)(y+ȳ) = Σ(x−x̄)(y−ȳ) + 2ȳ·Σ(x−x̄), and Σ(x−x̄) = 0: the same sum, up to rounding in the 15th digit.",
  },
  {
    file: "lib/drift.ts",
    mutator: "ConditionalExpression",
    line: "const slope = n > 1 && sxx > 0 ? sxy / sxx : 0;",
    original: "n > 1",
    replacement: "true",
    verdict: "equivalent",
    reason: "Replaces `n > 1` only: with one sample Sxx is 0, so `sxx > 0` alone decides the same.",
  },
  {
    file: "lib/drift.ts",
    mutator: "EqualityOperator",
    line: "const slope = n > 1 && sxx > 0 ? sxy / sxx : 0;",
    original: "n > 1",
    replacement: "n >= 1",
    verdict: "equivalent",
    reason: "n ≥ 1 here (no samples returned earlier), and with one sample Sxx is 0, so `sxx > 0` decides.",
  },
  {
    file: "lib/drift.ts",
    mutator: "ConditionalExpression",
    line: "else if (slope === 0) daysToThreshold = null;",
    original: "slope === 0",
    replacement: "false",
    verdict: "equivalent",
    reason:
      "With slope 0 the next branch computes (−threshold − current) / 0 with |current| < threshold: −Infinity, which `d > 0` turns into the same null.",
  },
  {
    file: "lib/drift.ts",
    mutator: "EqualityOperator",
    line: "const target = slope > 0 ? threshold : -threshold;",
    original: "slope > 0",
    replacement: "slope >= 0",
    verdict: "equivalent",
    reason: "Reached only when slope ≠ 0 (slope 0 returned null just before).",
  },
  {
    file: "lib/drift.ts",
    mutator: "ConditionalExpression",
    line: "daysToThreshold = d > 0 ? d : null;",
    original: "d > 0",
    replacement: "true",
    verdict: "equivalent",
    reason:
      "d is always positive here: |current| < threshold, so target − current has the sign of the slope (target is ±threshold on the slope's side). The null branch cannot be reached.",
  },
  {
    file: "lib/drift.ts",
    mutator: "EqualityOperator",
    line: "daysToThreshold = d > 0 ? d : null;",
    original: "d > 0",
    replacement: "d >= 0",
    verdict: "equivalent",
    reason: "d is never 0: target ≠ current (|current| < threshold = |target|) and the slope is finite.",
  },
  // lib/local-time.ts
  {
    file: "lib/local-time.ts",
    mutator: "ConditionalExpression",
    line: "if (!f) {",
    original: "!f",
    replacement: "true",
    verdict: "equivalent",
    reason: CACHE,
  },
  {
    file: "lib/local-time.ts",
    mutator: "ConditionalExpression",
    line: "if (!format) {",
    original: "!format",
    replacement: "true",
    verdict: "equivalent",
    reason: CACHE,
  },
  {
    file: "lib/local-time.ts",
    mutator: "OptionalChaining",
    line: 'const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "0";',
    original: "parts.find((p) => p.type === type)?.value",
    replacement: "parts.find(p => p.type === type).value",
    verdict: "equivalent",
    reason: "A formatter built with weekday, hour and minute always returns those three parts, so find never misses.",
  },
  {
    file: "lib/local-time.ts",
    mutator: "StringLiteral",
    line: 'const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "0";',
    original: '"0"',
    replacement: '""',
    verdict: "equivalent",
    reason: 'The "0" fallback is never used (the three parts are always there), so no test can run it.',
  },
  {
    file: "lib/local-time.ts",
    mutator: "ConditionalExpression",
    line: "if (!q.quietStart || !q.quietEnd) return false;",
    original: "!q.quietStart || !q.quietEnd",
    replacement: "false",
    verdict: "equivalent",
    reason:
      'Without this guard a null or empty end reaches parseHhMm, which gives null for it (null is read as the text "null"), and the next guard returns the same false.',
  },
  {
    file: "lib/local-time.ts",
    mutator: "LogicalOperator",
    line: "if (!q.quietStart || !q.quietEnd) return false;",
    original: "!q.quietStart || !q.quietEnd",
    replacement: "!q.quietStart && !q.quietEnd",
    verdict: "equivalent",
    reason: "When only one end is missing, parseHhMm gives null for it and the next guard returns the same false.",
  },
  {
    file: "lib/local-time.ts",
    mutator: "ConditionalExpression",
    line: "for (let i = 0; i < 26 * 60 && isQuiet(t, q); i++) t = new Date(t.getTime() + step);",
    original: "i < 26 * 60",
    replacement: "true",
    verdict: "equivalent",
    reason: QUIET_BOUND,
  },
  {
    file: "lib/local-time.ts",
    mutator: "EqualityOperator",
    line: "for (let i = 0; i < 26 * 60 && isQuiet(t, q); i++) t = new Date(t.getTime() + step);",
    original: "i < 26 * 60",
    replacement: "i <= 26 * 60",
    verdict: "equivalent",
    reason: QUIET_BOUND,
  },
  {
    file: "lib/local-time.ts",
    mutator: "UpdateOperator",
    line: "for (let i = 0; i < 26 * 60 && isQuiet(t, q); i++) t = new Date(t.getTime() + step);",
    original: "i++",
    replacement: "i--",
    verdict: "equivalent",
    reason: QUIET_BOUND,
  },
];
