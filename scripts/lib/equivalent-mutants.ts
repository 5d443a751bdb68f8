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
  "The 3-day bound never ends the loop: quiet hours leave at least one loud local minute a day, and a clock change can skip it on one day only (01:01–01:00 quiet across the spring change: that Sunday has no 01:00, so quiet lasts until Monday 01:00, about 47 hours), never on two days running; so isQuiet turns false within two days. (A 26-hour bound did end it early: commit 39c4e9f.)";

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
    mutator: "EqualityOperator",
    line: "return start < end ? minutes >= start && minutes < end : minutes >= start || minutes < end;",
    original: "start < end",
    replacement: "start <= end",
    verdict: "equivalent",
    reason: "start === end has returned false the line before, so start <= end and start < end agree here.",
  },
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
    line: "for (let i = 0; i < 3 * 24 * 60 && isQuiet(t, q); i++) t = new Date(t.getTime() + step);",
    original: "i < 3 * 24 * 60",
    replacement: "true",
    verdict: "equivalent",
    reason: QUIET_BOUND,
  },
  {
    file: "lib/local-time.ts",
    mutator: "EqualityOperator",
    line: "for (let i = 0; i < 3 * 24 * 60 && isQuiet(t, q); i++) t = new Date(t.getTime() + step);",
    original: "i < 3 * 24 * 60",
    replacement: "i <= 3 * 24 * 60",
    verdict: "equivalent",
    reason: QUIET_BOUND,
  },
  {
    file: "lib/local-time.ts",
    mutator: "UpdateOperator",
    line: "for (let i = 0; i < 3 * 24 * 60 && isQuiet(t, q); i++) t = new Date(t.getTime() + step);",
    original: "i++",
    replacement: "i--",
    verdict: "equivalent",
    reason: QUIET_BOUND,
  },
  // lib/acoustics.ts
  {
    file: "lib/acoustics.ts",
    mutator: "MethodExpression",
    line: "const reference = Math.max(...valid.map((p) => p.level));",
    original: "Math.max(...valid.map((p) => p.level))",
    replacement: "Math.min(...valid.map(p => p.level))",
    verdict: "equivalent",
    reason:
      "The reference cancels out: reference + 10·log10(Σ t·10^((L − reference)/10) / Σ t) is the same for any reference. With levels between 20 and 140 dB the minimum as reference never overflows (10^12 at most), so only the last digit of rounding can differ.",
  },
  {
    file: "lib/acoustics.ts",
    mutator: "ConditionalExpression",
    line: "const runningLevel = input.runningLevel !== null && Number.isFinite(input.runningLevel) ? input.runningLevel : null;",
    original: "input.runningLevel !== null",
    replacement: "true",
    verdict: "equivalent",
    reason: "Number.isFinite(null) is false, so a null level still becomes null.",
  },
  {
    file: "lib/acoustics.ts",
    mutator: "ConditionalExpression",
    line: "return { maxRemainingLevel: null, breached: runningLevel !== null && runningLevel > limitDb, runningLevel };",
    original: "runningLevel !== null",
    replacement: "true",
    verdict: "equivalent",
    reason:
      "With no running level the mutant compares null > limitDb, i.e. 0 > limit, false for every limit a schedule may hold (20–140 dB).",
  },
  {
    file: "lib/acoustics.ts",
    mutator: "ConditionalExpression",
    line: "return h.maxRemainingLevel !== null && recentLevel !== null && recentLevel > h.maxRemainingLevel;",
    original: "recentLevel !== null",
    replacement: "true",
    verdict: "explained",
    reason:
      "With no recent level the mutant compares null > maxRemainingLevel, i.e. 0 > it: true only when the rest of the period may average below 0 dB (its budget all but spent), where the original says no projected breach. Not equivalent; untested corner for lib/acoustics' tests.",
  },
  // lib/limit-presets.ts
  {
    file: "lib/limit-presets.ts",
    mutator: "ArrayDeclaration",
    line: "return (preset?.rows ?? []).map((row) => ({ ...row, days: [...row.days] }));",
    original: "[]",
    replacement: '["Stryker was here"]',
    verdict: "explained",
    reason:
      "Only for an id that is not a preset: presetRows is typed to take a LimitPresetId, so no typed caller can reach it (the mutant would throw instead of returning no rows).",
  },
  {
    file: "lib/limit-presets.ts",
    mutator: "OptionalChaining",
    line: "return (preset?.rows ?? []).map((row) => ({ ...row, days: [...row.days] }));",
    original: "preset?.rows",
    replacement: "preset.rows",
    verdict: "explained",
    reason:
      "Only for an id that is not a preset (typed LimitPresetId): the mutant throws instead of returning no rows.",
  },
  {
    file: "lib/limit-presets.ts",
    mutator: "StringLiteral",
    line: 'help: bs5228Help("B", 50, 60, 70, "equal to"),',
    original: '"B"',
    replacement: '""',
    verdict: "explained",
    reason:
      "The category letter in Category B's help text: text people read, not pinned by a test. Not equivalent; a test gap for lib/limit-presets' tests.",
  },
  {
    file: "lib/limit-presets.ts",
    mutator: "StringLiteral",
    line: 'help: bs5228Help("C", 55, 65, 75, "above"),',
    original: '"C"',
    replacement: '""',
    verdict: "explained",
    reason:
      "The category letter in Category C's help text: text people read, not pinned by a test. Not equivalent; a test gap for lib/limit-presets' tests.",
  },
  {
    file: "lib/limit-presets.ts",
    mutator: "StringLiteral",
    line: '"Every day: day 07:00–19:00 65 dB, evening 19:00–23:00 60 dB, night 23:00–07:00 55 dB, each as LAeq over " +',
    original:
      '"Every day: day 07:00–19:00 65 dB, evening 19:00–23:00 60 dB, night 23:00–07:00 55 dB, each as LAeq over "',
    replacement: '""',
    verdict: "explained",
    reason:
      "The day/evening/night preset's help text: text people read, not pinned by a test. Not equivalent; a test gap for lib/limit-presets' tests.",
  },
  // lib/limit-schedule.ts
  {
    file: "lib/limit-schedule.ts",
    mutator: "StringLiteral",
    line: 'ctx.addIssue({ code: "custom", path: [p.row, p.field], message: p.message });',
    original: '"custom"',
    replacement: '""',
    verdict: "explained",
    reason:
      'The zod issue code of a schedule problem ("custom"): forms read an issue\'s path and message, which stay the same. Not equivalent for code that inspects issue codes; none does.',
  },
  {
    file: "lib/limit-schedule.ts",
    mutator: "MethodExpression",
    line: "row.label.trim() ? `Row ${index + 1} (${row.label.trim()})` : `Row ${index + 1}`;",
    original: "row.label.trim()",
    replacement: "row.label",
    verdict: "explained",
    reason:
      "Differs only for a label with spaces around it, which the row schema trims before a schedule is saved: the message would show the spaces.",
  },
  {
    file: "lib/limit-schedule.ts",
    mutator: "StringLiteral",
    line: 'return [h ? `${h} h` : "", m ? `${m} min` : ""].filter(Boolean).join(" ");',
    original: '" "',
    replacement: '""',
    verdict: "explained",
    reason:
      '"1 h 30 min" would read "1 h30 min": no test has an averaging-time problem whose period has both hours and minutes. Not equivalent; a test gap.',
  },
  {
    file: "lib/limit-schedule.ts",
    mutator: "StringLiteral",
    line: 'return words.length <= 1 ? words.join("") : `${words.slice(0, -1).join(", ")} and ${words.at(-1)}`;',
    original: '""',
    replacement: '"Stryker was here!"',
    verdict: "equivalent",
    reason: "The separator of join() on a list of at most one word: never used.",
  },
  {
    file: "lib/limit-schedule.ts",
    mutator: "LogicalOperator",
    line: "if (from !== null && to !== null) {",
    original: "from !== null && to !== null",
    replacement: "from !== null || to !== null",
    verdict: "explained",
    reason:
      "Differs only for a row whose from or to is not HH:MM, which already gets its own problem (and which the row schema rejects before a schedule is saved): the mutant adds a second, misleading problem. Not equivalent; no test gives scheduleProblems a malformed time together with this case.",
  },
  {
    file: "lib/limit-schedule.ts",
    mutator: "ConditionalExpression",
    line: "if (from !== null && to !== null) {",
    original: "from !== null",
    replacement: "true",
    verdict: "explained",
    reason:
      "Differs only for a row whose from or to is not HH:MM, which already gets its own problem (and which the row schema rejects before a schedule is saved): the mutant adds a second, misleading problem. Not equivalent; no test gives scheduleProblems a malformed time together with this case.",
  },
  {
    file: "lib/limit-schedule.ts",
    mutator: "ConditionalExpression",
    line: "if (from !== null && to !== null) {",
    original: "to !== null",
    replacement: "true",
    verdict: "explained",
    reason:
      "Differs only for a row whose from or to is not HH:MM, which already gets its own problem (and which the row schema rejects before a schedule is saved): the mutant adds a second, misleading problem. Not equivalent; no test gives scheduleProblems a malformed time together with this case.",
  },
  {
    file: "lib/limit-schedule.ts",
    mutator: "ConditionalExpression",
    line: "else if (row.averagingMinutes !== null && row.averagingMinutes > wallLength(from, to))",
    original: "row.averagingMinutes !== null",
    replacement: "true",
    verdict: "equivalent",
    reason:
      "With no averaging time the mutant compares null > wallLength(…), i.e. 0 > at least 1 minute: false, as the original.",
  },
  {
    file: "lib/limit-schedule.ts",
    mutator: "ConditionalExpression",
    line: "if (row.triggerDb !== null && row.triggerDb >= row.limitDb)",
    original: "row.triggerDb !== null",
    replacement: "true",
    verdict: "explained",
    reason:
      "With no trigger level the mutant compares null >= limitDb, i.e. 0 >= limit: true only for a limit of 0 dB or less, which is already reported as out of range.",
  },
  {
    file: "lib/limit-schedule.ts",
    mutator: "ConditionalExpression",
    line: "if (from === null || to === null || from === to) return [];",
    original: "from === null || to === null",
    replacement: "false",
    verdict: "explained",
    reason:
      "Only for a row whose times are malformed or equal, which already gets its own problem: the mutant may report overlaps for it too.",
  },
  {
    file: "lib/limit-schedule.ts",
    mutator: "LogicalOperator",
    line: "if (from === null || to === null || from === to) return [];",
    original: "from === null || to === null",
    replacement: "from === null && to === null",
    verdict: "explained",
    reason:
      "Only for a row whose times are malformed or equal, which already gets its own problem: the mutant may report overlaps for it too.",
  },
  {
    file: "lib/limit-schedule.ts",
    mutator: "ConditionalExpression",
    line: "if (from === null || to === null || from === to) return [];",
    original: "from === null",
    replacement: "false",
    verdict: "explained",
    reason:
      "Only for a row whose times are malformed or equal, which already gets its own problem: the mutant may report overlaps for it too.",
  },
  {
    file: "lib/limit-schedule.ts",
    mutator: "ConditionalExpression",
    line: "if (from === null || to === null || from === to) return [];",
    original: "to === null",
    replacement: "false",
    verdict: "explained",
    reason:
      "Only for a row whose end is malformed, which already gets its own problem: the mutant may report overlaps for it too.",
  },
  {
    file: "lib/limit-schedule.ts",
    mutator: "ArrayDeclaration",
    line: "if (from === null || to === null || from === to) return [];",
    original: "[]",
    replacement: '["Stryker was here"]',
    verdict: "equivalent",
    reason:
      "A string in place of an interval destructures to letters; Math.max of a letter is NaN, so no overlap is found, as with no intervals.",
  },
  {
    file: "lib/limit-schedule.ts",
    mutator: "Regex",
    line: 'const other = rowName(earlier, i).replace(/^Row/, "row");',
    original: "/^Row/",
    replacement: "/Row/",
    verdict: "equivalent",
    reason: 'rowName always starts with "Row", so the first "Row" is the one at the start either way.',
  },
  {
    file: "lib/limit-schedule.ts",
    mutator: "ArithmeticOperator",
    line: "const [firstDay, lastDay] = dayRange(t, t + 1, timeZone);",
    original: "t + 1",
    replacement: "t - 1",
    verdict: "equivalent",
    reason:
      "The range of days for one instant: a period that starts two local days after the instant's own day cannot contain it (offsets change by less than a day), so the narrower range finds the same periods.",
  },
  {
    file: "lib/limit-schedule.ts",
    mutator: "EqualityOperator",
    line: "for (let p = gap + 1; p <= gap + 7; p++) {",
    original: "p <= gap + 7",
    replacement: "p < gap + 7",
    verdict: "equivalent",
    reason: "Position gap + 7 is the gap day itself, which is never chosen, so the loop skips it either way.",
  },
  {
    file: "lib/limit-schedule.ts",
    mutator: "StringLiteral",
    line: "const LEVEL_RANGE = `Levels are between ${MIN_DB} and ${MAX_DB} dB`;",
    original: "`Levels are between ${MIN_DB} and ${MAX_DB} dB`",
    replacement: "``",
    verdict: "explained",
    reason:
      "The message a person reads in the schedule form is not pinned by a test: not equivalent, a test gap for lib/limit-schedule's tests.",
  },
  {
    file: "lib/limit-schedule.ts",
    mutator: "StringLiteral",
    line: 'const hhmm = z.string().refine((value) => parseHhMm(value) !== null, "Use HH:MM (24-hour)");',
    original: '"Use HH:MM (24-hour)"',
    replacement: '""',
    verdict: "explained",
    reason:
      "The message a person reads in the schedule form is not pinned by a test: not equivalent, a test gap for lib/limit-schedule's tests.",
  },
  {
    file: "lib/limit-schedule.ts",
    mutator: "StringLiteral",
    line: 'label: z.string().trim().min(1, "Give the period a name").max(40, "At most 40 characters"),',
    original: '"Give the period a name"',
    replacement: '""',
    verdict: "explained",
    reason:
      "The message a person reads in the schedule form is not pinned by a test: not equivalent, a test gap for lib/limit-schedule's tests.",
  },
  {
    file: "lib/limit-schedule.ts",
    mutator: "StringLiteral",
    line: 'label: z.string().trim().min(1, "Give the period a name").max(40, "At most 40 characters"),',
    original: '"At most 40 characters"',
    replacement: '""',
    verdict: "explained",
    reason:
      "The message a person reads in the schedule form is not pinned by a test: not equivalent, a test gap for lib/limit-schedule's tests.",
  },
  {
    file: "lib/limit-schedule.ts",
    mutator: "StringLiteral",
    line: '.min(1, "Choose at least one day")',
    original: '"Choose at least one day"',
    replacement: '""',
    verdict: "explained",
    reason:
      "The message a person reads in the schedule form is not pinned by a test: not equivalent, a test gap for lib/limit-schedule's tests.",
  },
  {
    file: "lib/limit-schedule.ts",
    mutator: "StringLiteral",
    line: '.refine((days) => new Set(days).size === days.length, "Choose each day once"),',
    original: '"Choose each day once"',
    replacement: '""',
    verdict: "explained",
    reason:
      "The message a person reads in the schedule form is not pinned by a test: not equivalent, a test gap for lib/limit-schedule's tests.",
  },
  {
    file: "lib/limit-schedule.ts",
    mutator: "StringLiteral",
    line: '.max(30, "At most 30 rows")',
    original: '"At most 30 rows"',
    replacement: '""',
    verdict: "explained",
    reason:
      "The message a person reads in the schedule form is not pinned by a test: not equivalent, a test gap for lib/limit-schedule's tests.",
  },
  {
    file: "lib/limit-schedule.ts",
    mutator: "ConditionalExpression",
    line: "if (!format) {",
    original: "!format",
    replacement: "true",
    verdict: "equivalent",
    reason: "A cache of Intl formatters: building a new one every call gives the same parts, only slower.",
  },
  {
    file: "lib/limit-schedule.ts",
    mutator: "OptionalChaining",
    line: "const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);",
    original: "parts.find((p) => p.type === type)?.value",
    replacement: "parts.find(p => p.type === type).value",
    verdict: "equivalent",
    reason: "A formatter built with these fields always returns each part asked for, so find never misses.",
  },
  {
    file: "lib/limit-schedule.ts",
    mutator: "ConditionalExpression",
    line: "if (resolved.size >= 10_000) resolved.clear();",
    original: "resolved.size >= 10_000",
    replacement: "false",
    verdict: "equivalent",
    reason:
      "The memo's bound only limits memory: never clearing it, or clearing it one entry later, gives the same instants.",
  },
  {
    file: "lib/limit-schedule.ts",
    mutator: "EqualityOperator",
    line: "if (resolved.size >= 10_000) resolved.clear();",
    original: "resolved.size >= 10_000",
    replacement: "resolved.size > 10_000",
    verdict: "equivalent",
    reason:
      "The memo's bound only limits memory: never clearing it, or clearing it one entry later, gives the same instants.",
  },
  {
    file: "lib/limit-schedule.ts",
    mutator: "ConditionalExpression",
    line: "if (!(a < b) || start === null || end === null) return [];",
    original: "a < b",
    replacement: "true",
    verdict: "equivalent",
    reason:
      "Both callers already guarantee a < b (rowPeriods returns early otherwise; periodInProgress asks for [t, t + 1)).",
  },
  {
    file: "lib/limit-schedule.ts",
    mutator: "EqualityOperator",
    line: "if (!(a < b) || start === null || end === null) return [];",
    original: "a < b",
    replacement: "a <= b",
    verdict: "equivalent",
    reason:
      "Both callers already guarantee a < b (rowPeriods returns early otherwise; periodInProgress asks for [t, t + 1)).",
  },
  {
    file: "lib/limit-schedule.ts",
    mutator: "ConditionalExpression",
    line: "if (!(a < b) || start === null || end === null) return [];",
    original: "end === null",
    replacement: "false",
    verdict: "explained",
    reason: "Only for a stored row whose end is malformed, which validation rejects before a schedule is saved.",
  },
  {
    file: "lib/limit-schedule.ts",
    mutator: "ConditionalExpression",
    line: "if (!(a < b)) return [];",
    original: "!(a < b)",
    replacement: "false",
    verdict: "equivalent",
    reason: "periodsOnDays makes the same a < b check and returns no periods.",
  },
  {
    file: "lib/limit-schedule.ts",
    mutator: "ConditionalExpression",
    line: "if (!(a < b)) return [];",
    original: "a < b",
    replacement: "true",
    verdict: "equivalent",
    reason: "periodsOnDays makes the same a < b check and returns no periods.",
  },
  {
    file: "lib/limit-schedule.ts",
    mutator: "EqualityOperator",
    line: "if (!(a < b)) return [];",
    original: "a < b",
    replacement: "a <= b",
    verdict: "equivalent",
    reason: "periodsOnDays makes the same a < b check and returns no periods.",
  },
  // lib/window-levels.ts
  {
    file: "lib/window-levels.ts",
    mutator: "ConditionalExpression",
    line: 'if (typeof level !== "number" || !Number.isFinite(level)) continue;',
    original: 'typeof level !== "number"',
    replacement: "false",
    verdict: "equivalent",
    reason:
      "Number.isFinite is false for null, undefined and anything not a number, so the second test alone skips the same values; the typeof test is there for the type checker.",
  },
];
