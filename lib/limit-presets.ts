/**
 * Starting points for a site's limit schedule, which the user then adjusts to
 * the site's consent. Every preset passes `scheduleProblems` (tested).
 *
 * BS 5228-1:2009+A1:2014 "Code of practice for noise and vibration control on
 * construction and open sites", Annex E, E.3.2 "ABC method", Table E.1:
 * threshold values of LAeq,T at the façade, in dB.
 *
 *   Period                                                      A    B    C
 *   Night-time 23:00–07:00, every day                           45   50   55
 *   Evenings and weekends: weekdays 19:00–23:00,
 *     Saturdays 13:00–23:00, Sundays 07:00–23:00                55   60   65
 *   Daytime: weekdays 07:00–19:00, Saturdays 07:00–13:00        65   70   75
 *
 * Category A applies where ambient levels (rounded to the nearest 5 dB) are
 * below the Category A values, B where they equal them, C where they are higher.
 * T is each row's whole period, as the Table's LAeq,T over the period; the
 * trigger (amber) level is 5 dB below, a common action level that BS 5228
 * itself does not define. Both are said in `help`, which the UI shows.
 */
import type { ScheduleRow } from "@/lib/limit-schedule";

export type LimitPresetId = "bs5228-a" | "bs5228-b" | "bs5228-c" | "day-evening-night" | "custom";

export interface LimitPreset {
  id: LimitPresetId;
  label: string;
  help: string;
  rows: ScheduleRow[];
}

const EVERY_DAY = [0, 1, 2, 3, 4, 5, 6];
const WEEKDAYS = [1, 2, 3, 4, 5];
const SATURDAY = [6];
const SUNDAY = [0];

const laeq = (label: string, days: number[], from: string, to: string, limitDb: number, averagingMinutes: 60 | null) =>
  ({ label, days, from, to, metric: "LAeq", averagingMinutes, triggerDb: limitDb - 5, limitDb }) satisfies ScheduleRow;

/** Table E.1's three periods for one category: night, evenings and weekends, daytime. */
function bs5228(night: number, evening: number, day: number): ScheduleRow[] {
  return [
    laeq("Weekday daytime", WEEKDAYS, "07:00", "19:00", day, null),
    laeq("Saturday morning", SATURDAY, "07:00", "13:00", day, null),
    laeq("Weekday evening", WEEKDAYS, "19:00", "23:00", evening, null),
    laeq("Saturday afternoon and evening", SATURDAY, "13:00", "23:00", evening, null),
    laeq("Sunday", SUNDAY, "07:00", "23:00", evening, null),
    laeq("Night", EVERY_DAY, "23:00", "07:00", night, null),
  ];
}

const BS5228_SOURCE =
  "BS 5228-1:2009+A1:2014, Annex E, E.3.2 (ABC method), Table E.1: threshold values of LAeq,T at the façade.";
const BS5228_NOTES =
  "Each row averages over its whole period (LAeq,T with T the period); change it if the consent says otherwise. " +
  "Trigger levels are 5 dB below the limits, a common action level: BS 5228 itself defines no trigger.";

function bs5228Help(category: "A" | "B" | "C", night: number, evening: number, day: number, applies: string): string {
  return (
    `${BS5228_SOURCE} Category ${category}: night 23:00–07:00 ${night} dB; evenings and weekends ` +
    `(weekdays 19:00–23:00, Saturdays 13:00–23:00, Sundays 07:00–23:00) ${evening} dB; daytime ` +
    `(weekdays 07:00–19:00, Saturdays 07:00–13:00) ${day} dB. Category ${category} applies where ambient levels, ` +
    `rounded to the nearest 5 dB, are ${applies} the Category A values (45 / 55 / 65 dB). ${BS5228_NOTES}`
  );
}

export const LIMIT_PRESETS: readonly LimitPreset[] = [
  {
    id: "bs5228-a",
    label: "BS 5228 Category A",
    help: bs5228Help("A", 45, 55, 65, "below"),
    rows: bs5228(45, 55, 65),
  },
  {
    id: "bs5228-b",
    label: "BS 5228 Category B",
    help: bs5228Help("B", 50, 60, 70, "equal to"),
    rows: bs5228(50, 60, 70),
  },
  {
    id: "bs5228-c",
    label: "BS 5228 Category C",
    help: bs5228Help("C", 55, 65, 75, "above"),
    rows: bs5228(55, 65, 75),
  },
  {
    id: "day-evening-night",
    label: "Day, evening and night",
    help:
      "Every day: day 07:00–19:00 65 dB, evening 19:00–23:00 60 dB, night 23:00–07:00 55 dB, each as LAeq over " +
      "1 hour, with trigger levels 5 dB below. Starting values: adjust them to the site's consent.",
    rows: [
      laeq("Day", EVERY_DAY, "07:00", "19:00", 65, 60),
      laeq("Evening", EVERY_DAY, "19:00", "23:00", 60, 60),
      laeq("Night", EVERY_DAY, "23:00", "07:00", 55, 60),
    ],
  },
  { id: "custom", label: "Custom", help: "Start from an empty schedule and add your own rows.", rows: [] },
];

/** A preset's rows, copied so that editing them leaves the preset as it was. */
export function presetRows(id: LimitPresetId): ScheduleRow[] {
  const preset = LIMIT_PRESETS.find((p) => p.id === id);
  return (preset?.rows ?? []).map((row) => ({ ...row, days: [...row.days] }));
}
