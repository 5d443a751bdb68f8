/**
 * A site's limit schedule: rows saying which noise metric may reach which level
 * in which local period of the week (e.g. LAeq over Mon–Fri 07:00–19:00 ≤ 65 dB),
 * their validation, and the instants those periods cover in a timezone.
 *
 * A row's period starts on each of its weekdays at `from` and ends at `to`
 * (exclusive); `to` before `from` crosses midnight, and the part after midnight
 * still belongs to the weekday it started on. Periods are local wall-clock
 * periods, so on the days the clocks change they last an hour more or less.
 */
import { z } from "zod";
import { NOISE_METRICS, type NoiseMetric } from "@/lib/domain";
import { parseHhMm } from "@/lib/local-time";

export const MIN_DB = 20;
export const MAX_DB = 140;
/** Averaging times a row may use (LAeq,5min … LAeq,1h); null in a row means the whole period. */
export const AVERAGING_MINUTES = [5, 15, 30, 60] as const;
export type AveragingMinutes = (typeof AVERAGING_MINUTES)[number];

const LEVEL_RANGE = `Levels are between ${MIN_DB} and ${MAX_DB} dB`;
const level = z.number().min(MIN_DB, LEVEL_RANGE).max(MAX_DB, LEVEL_RANGE);
const hhmm = z.string().refine((value) => parseHhMm(value) !== null, "Use HH:MM (24-hour)");

export const scheduleRowSchema = z.object({
  label: z.string().trim().min(1, "Give the period a name").max(40, "At most 40 characters"),
  /** 0 = Sunday … 6 = Saturday: the weekdays on which the period starts. */
  days: z
    .array(z.number().int().min(0).max(6))
    .min(1, "Choose at least one day")
    .max(7)
    .refine((days) => new Set(days).size === days.length, "Choose each day once"),
  from: hhmm,
  /** Exclusive; before `from` crosses midnight. */
  to: hhmm,
  metric: z.enum(NOISE_METRICS),
  averagingMinutes: z.literal(AVERAGING_MINUTES).nullable(),
  /** The amber "action level": a warning before the limit itself. */
  triggerDb: level.nullable(),
  limitDb: level,
});
export type ScheduleRow = z.infer<typeof scheduleRowSchema>;

export interface ScheduleProblem {
  /** 0-based index of the row the problem is reported on. */
  row: number;
  field: keyof ScheduleRow;
  message: string;
}

export const scheduleRowsSchema = z
  .array(scheduleRowSchema)
  .max(30, "At most 30 rows")
  .superRefine((rows, ctx) => {
    // Zod runs this even when a row failed its own schema; the rows' own messages
    // come first, and the schedule's checks follow once every row is well formed.
    if (!rows.every((row) => scheduleRowSchema.safeParse(row).success)) return;
    for (const p of scheduleProblems(rows))
      ctx.addIssue({ code: "custom", path: [p.row, p.field], message: p.message });
  });

// ---- validation ----

const DAY_MINUTES = 1440;
const WEEK_MINUTES = 7 * DAY_MINUTES;
const DAY_NAMES = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const DAY_SHORT = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
/** People here read weeks from Monday. */
const MONDAY_FIRST = [1, 2, 3, 4, 5, 6, 0];

/**
 * A period's wall-clock length in minutes. `from` = `to` is a whole day: the
 * validation forbids it, but legacy schedules may hold it and the old rule read
 * it that way.
 */
function wallLength(from: number, to: number): number {
  return (to - from + DAY_MINUTES) % DAY_MINUTES || DAY_MINUTES;
}

const validDays = (days: readonly number[]) =>
  [...new Set(days)].filter((d) => Number.isInteger(d) && d >= 0 && d <= 6);

const inRange = (db: number) => db >= MIN_DB && db <= MAX_DB;

const rowName = (row: ScheduleRow, index: number) =>
  row.label.trim() ? `Row ${index + 1} (${row.label.trim()})` : `Row ${index + 1}`;

function duration(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return [h ? `${h} h` : "", m ? `${m} min` : ""].filter(Boolean).join(" ");
}

function listWords(words: string[]): string {
  return words.length <= 1 ? words.join("") : `${words.slice(0, -1).join(", ")} and ${words.at(-1)}`;
}

/**
 * What is wrong with a schedule, each problem on the row (0-based) and field
 * a form shows it by, its message naming the row. An empty list means valid.
 */
export function scheduleProblems(rows: readonly ScheduleRow[]): ScheduleProblem[] {
  const problems: ScheduleProblem[] = [];
  rows.forEach((row, index) => {
    const add = (field: keyof ScheduleRow, text: string) =>
      problems.push({ row: index, field, message: `${rowName(row, index)}: ${text}` });
    const from = parseHhMm(row.from);
    const to = parseHhMm(row.to);
    if (from === null) add("from", "use HH:MM (24-hour) for the start");
    if (to === null) add("to", "use HH:MM (24-hour) for the end");
    if (from !== null && to !== null) {
      if (from === to) add("to", "starts and ends at the same time");
      else if (row.averagingMinutes !== null && row.averagingMinutes > wallLength(from, to))
        add(
          "averagingMinutes",
          `the averaging time (${duration(row.averagingMinutes)}) is longer than the period (${duration(wallLength(from, to))})`,
        );
    }
    if (row.triggerDb !== null && !inRange(row.triggerDb))
      add("triggerDb", `the trigger level must be between ${MIN_DB} and ${MAX_DB} dB`);
    if (!inRange(row.limitDb)) add("limitDb", `the limit must be between ${MIN_DB} and ${MAX_DB} dB`);
    if (row.triggerDb !== null && row.triggerDb >= row.limitDb)
      add("triggerDb", "the trigger level must be below the limit");
  });
  problems.push(...overlaps(rows));
  // Stable: each row's problems stay in the order above.
  return problems.sort((a, b) => a.row - b.row);
}

/** The row's periods as minutes of the week, [start, end), Sunday 00:00 = 0; `end` may run past the week. */
function weeklyIntervals(row: ScheduleRow): [number, number][] {
  const from = parseHhMm(row.from);
  const to = parseHhMm(row.to);
  // A malformed or zero-length row is reported on its own; once fixed, its overlaps are checked.
  if (from === null || to === null || from === to) return [];
  return validDays(row.days).map((day) => [day * DAY_MINUTES + from, day * DAY_MINUTES + from + wallLength(from, to)]);
}

/**
 * Rows of one metric must not overlap, so one limit is in force at a time. Each
 * overlap is reported on the later row and names the days it starts on; a period
 * running past Saturday midnight is compared with Sunday's by shifting a week.
 */
function overlaps(rows: readonly ScheduleRow[]): ScheduleProblem[] {
  const intervals = rows.map(weeklyIntervals);
  const problems: ScheduleProblem[] = [];
  rows.forEach((later, j) => {
    rows.slice(0, j).forEach((earlier, i) => {
      if (earlier.metric !== later.metric) return;
      const days = new Set<number>();
      for (const [a0, a1] of intervals[j]!)
        for (const [b0, b1] of intervals[i]!)
          for (const shift of [-WEEK_MINUTES, 0, WEEK_MINUTES]) {
            const start = Math.max(a0, b0 + shift);
            if (start < Math.min(a1, b1 + shift)) days.add(Math.floor((start % WEEK_MINUTES) / DAY_MINUTES));
          }
      if (days.size === 0) return;
      const named = MONDAY_FIRST.filter((d) => days.has(d)).map((d) => DAY_NAMES[d]!);
      const other = rowName(earlier, i).replace(/^Row/, "row");
      problems.push({
        row: j,
        field: "from",
        message: `${rowName(later, j)} overlaps ${other} on ${listWords(named)}`,
      });
    });
  });
  return problems;
}

// ---- instants in a timezone ----

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

const offsetFormats = new Map<string, Intl.DateTimeFormat>();

/** The zone's offset at an instant: its wall clock minus UTC, in ms. */
function offsetAt(ms: number, timeZone: string): number {
  let format = offsetFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-GB", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    offsetFormats.set(timeZone, format);
  }
  const parts = format.formatToParts(new Date(ms));
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
  // Some engines have said "24" for midnight even with h23 (as localClock also allows for).
  const wall = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour") % 24, get("minute"), get("second"));
  return wall - Math.floor(ms / 1000) * 1000;
}

/**
 * The instant a wall-clock time (as ms of a UTC date) names in the zone: the
 * first occurrence when the clocks went back and it happened twice, the moment
 * the clocks went forward when it never happened. Either way it is the first
 * instant whose wall clock reads at or after it, so later wall times never map
 * to earlier instants. Assumes at most one offset change within a day of it,
 * as in every zone in use.
 */
function resolveWall(wall: number, timeZone: string): number {
  const before = offsetAt(wall - DAY_MS, timeZone);
  const after = offsetAt(wall + DAY_MS, timeZone);
  const valid = [before, after].map((offset) => wall - offset).filter((t) => offsetAt(t, timeZone) === wall - t);
  if (valid.length > 0) return Math.min(...valid);
  // A gap: the clocks jumped from `before` to `after` at some instant in (lo, hi]; find it to the second.
  // (Were there no gap, lo ≥ hi and this is wall − before, the best guess left.)
  let lo = wall - after;
  let hi = wall - before;
  while (hi - lo > 1000) {
    const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
    if (offsetAt(mid, timeZone) === after) hi = mid;
    else lo = mid;
  }
  return hi;
}

// Each answer costs a few Intl calls, and alert evaluation asks for the same period edges
// again and again (every monitor, every minute); a bounded memo keeps that cheap.
const resolved = new Map<string, number>();

function instantOfWall(wall: number, timeZone: string): number {
  const key = `${timeZone}|${wall}`;
  let instant = resolved.get(key);
  if (instant === undefined) {
    if (resolved.size >= 10_000) resolved.clear();
    instant = resolveWall(wall, timeZone);
    resolved.set(key, instant);
  }
  return instant;
}

/**
 * The instant of a local date and time: `month` 1–12, `minutes` since local
 * midnight (days and minutes beyond their range roll over, as in Date.UTC). A
 * time the clocks skipped moves to the next existing minute; one they repeated
 * takes its first occurrence.
 */
export function localToInstant(year: number, month: number, day: number, minutes: number, timeZone: string): Date {
  return new Date(instantOfWall(Date.UTC(year, month - 1, day) + minutes * MINUTE_MS, timeZone));
}

/** Days since 1970-01-01 of the local date at an instant. */
const localDay = (ms: number, timeZone: string) => Math.floor((ms + offsetAt(ms, timeZone)) / DAY_MS);

/** 1970-01-01 was a Thursday; days before it count back from there. */
const weekdayOf = (day: number) => (((day + 4) % 7) + 7) % 7;

export interface Period {
  start: Date;
  end: Date;
}

/**
 * The row's periods that start on local days [firstDay, lastDay] (days since
 * 1970-01-01) and overlap [a, b), in order.
 */
function periodsOnDays(row: ScheduleRow, a: number, b: number, firstDay: number, lastDay: number, timeZone: string) {
  const start = parseHhMm(row.from);
  const end = parseHhMm(row.to);
  if (!(a < b) || start === null || end === null) return [];
  const length = wallLength(start, end) * MINUTE_MS;
  const days = new Set(row.days);
  const out: Period[] = [];
  for (let day = firstDay; day <= lastDay; day++) {
    if (!days.has(weekdayOf(day))) continue;
    const wallStart = day * DAY_MS + start * MINUTE_MS;
    const s = instantOfWall(wallStart, timeZone);
    const e = instantOfWall(wallStart + length, timeZone);
    // A period wholly inside skipped time (01:15–01:45 as the clocks go forward) never happens.
    if (s < e && e > a && s < b) out.push({ start: new Date(s), end: new Date(e) });
  }
  return out;
}

/**
 * The local days on which a period overlapping [a, b) can start. The first is
 * the day before a's: a period from two days before ends by the wall's 23:59 of
 * the day before a's, so (wall times mapping to instants in order) before a.
 * The last: local days advance with time, by the days between a and b and one
 * more for a clock going forward across midnight (Santiago's 24:00 → 01:00);
 * so one Intl call serves any range. Assumes offsets change by less than a day,
 * as in every zone in use.
 */
function dayRange(a: number, b: number, timeZone: string): [number, number] {
  const first = localDay(a, timeZone);
  return [first - 1, first + Math.ceil((b - a) / DAY_MS) + 1];
}

/** Every occurrence of the row's period that overlaps [from, to), in order. */
export function rowPeriods(row: ScheduleRow, from: Date, to: Date, timeZone: string): Period[] {
  const a = from.getTime();
  const b = to.getTime();
  if (!(a < b)) return [];
  return periodsOnDays(row, a, b, ...dayRange(a, b, timeZone), timeZone);
}

/**
 * A period cut into averaging windows of `averagingMinutes`, aligned to the
 * period's start; the last ends at the period's end, shorter when the period is
 * not a whole number of windows. Null: one window, the whole period.
 */
export function averagingWindows(period: Period, averagingMinutes: number | null): Period[] {
  const s = period.start.getTime();
  const e = period.end.getTime();
  if (!(s < e)) return [];
  const step = (averagingMinutes ?? 0) * MINUTE_MS;
  if (!(step > 0)) return [{ start: new Date(s), end: new Date(e) }];
  const out: Period[] = [];
  for (let t = s; t < e; t += step) out.push({ start: new Date(t), end: new Date(Math.min(t + step, e)) });
  return out;
}

/** The window of `averagingWindows(period, averagingMinutes)` containing t (inside the period), without listing them. */
function windowAt(period: Period, averagingMinutes: number | null, t: number): Period {
  const s = period.start.getTime();
  const e = period.end.getTime();
  const step = (averagingMinutes ?? 0) * MINUTE_MS;
  if (!(step > 0)) return { start: new Date(s), end: new Date(e) };
  const start = s + Math.floor((t - s) / step) * step;
  return { start: new Date(start), end: new Date(Math.min(start + step, e)) };
}

export interface PeriodInProgress {
  rowIndex: number;
  row: ScheduleRow;
  period: Period;
  /** The averaging window of the period that contains the moment asked about. */
  window: Period;
}

/** Each row whose period contains `at`, with that period and its averaging window containing `at`. */
export function periodInProgress(rows: readonly ScheduleRow[], at: Date, timeZone: string): PeriodInProgress[] {
  const t = at.getTime();
  if (!Number.isFinite(t)) return [];
  const [firstDay, lastDay] = dayRange(t, t + 1, timeZone);
  const out: PeriodInProgress[] = [];
  rows.forEach((row, rowIndex) => {
    // One row's periods never overlap, so at most one contains `at`.
    const period = periodsOnDays(row, t, t + 1, firstDay, lastDay, timeZone)[0];
    if (period) out.push({ rowIndex, row, period, window: windowAt(period, row.averagingMinutes, t) });
  });
  return out;
}

/**
 * The rows in force at `at`, one per metric, in NOISE_METRICS order. Validation
 * forbids overlapping rows of one metric; where a legacy schedule still has
 * them, the lowest limit wins (the first such row on a tie), as the old
 * organisation-wide rule decided.
 */
export function rowsAt(rows: readonly ScheduleRow[], at: Date, timeZone: string): ScheduleRow[] {
  const best = new Map<NoiseMetric, ScheduleRow>();
  for (const { row } of periodInProgress(rows, at, timeZone)) {
    const current = best.get(row.metric);
    if (!current || row.limitDb < current.limitDb) best.set(row.metric, row);
  }
  return NOISE_METRICS.flatMap((metric) => best.get(metric) ?? []);
}

// ---- words ----

/** "Every day", "Mon–Fri", "Sat", "Sat, Sun", "Fri–Mon", "Mon, Wed, Fri". */
export function formatDays(days: readonly number[]): string {
  const chosen = new Set(validDays(days));
  if (chosen.size === 7) return "Every day";
  if (chosen.size === 0) return "No days";
  const has = (position: number) => chosen.has(MONDAY_FIRST[position % 7]!);
  // Walk the week from just after a day not chosen, so a run over the weekend (Fri–Mon) stays one run.
  const gap = [0, 1, 2, 3, 4, 5, 6].find((p) => !has(p))!;
  const runs: number[][] = [];
  for (let p = gap + 1; p <= gap + 7; p++) {
    if (!has(p)) continue;
    const last = runs.at(-1);
    if (last && last.at(-1) === p - 1) last.push(p);
    else runs.push([p]);
  }
  // From Monday; a run that wraps past Sunday into Monday (Sun–Thu nights) comes first.
  const order = (run: number[]) => (run.at(-1)! >= 7 ? run[0]! - 7 : run[0]!);
  runs.sort((x, y) => order(x) - order(y));
  const name = (p: number) => DAY_SHORT[MONDAY_FIRST[p % 7]!]!;
  return runs
    .map((run) =>
      run.length === 1
        ? name(run[0]!)
        : run.length === 2
          ? `${name(run[0]!)}, ${name(run[1]!)}`
          : `${name(run[0]!)}–${name(run.at(-1)!)}`,
    )
    .join(", ");
}

/** A row's time for the UI and alert text: "Mon–Fri 07:00–19:00", "Every day 23:00–07:00". */
export function formatRowTime(row: Pick<ScheduleRow, "days" | "from" | "to">): string {
  return `${formatDays(row.days)} ${row.from}–${row.to}`;
}
